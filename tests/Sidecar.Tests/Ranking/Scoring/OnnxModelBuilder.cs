using System.Buffers.Binary;

namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>
/// Writes a valid ONNX <c>ModelProto</c> by hand (there is no onnx package here). Field numbers follow
/// onnx/onnx.proto: ModelProto {ir_version 1, producer_name 2, graph 7, opset_import 8},
/// OperatorSetIdProto {domain 1, version 2}, GraphProto {node 1, name 2, initializer 5, input 11, output 12},
/// NodeProto {input 1, output 2, name 3, op_type 4, attribute 5}, AttributeProto {name 1, i 3, type 20},
/// TensorProto {dims 1, data_type 2, name 8, raw_data 9}, ValueInfoProto {name 1, type 2},
/// TypeProto {tensor_type 1}, TypeProto.Tensor {elem_type 1, shape 2}, TensorShapeProto {dim 1},
/// Dimension {dim_value 1, dim_param 2}. Data types: FLOAT 1, INT64 7, DOUBLE 11.
/// </summary>
internal sealed class OnnxModelBuilder
{
    public const int Float = 1;
    public const int Int64 = 7;
    public const int Double = 11;

    private const int AttributeTypeInt = 2;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];

    public long IrVersion { get; init; } = 8;

    public long Opset { get; init; } = 13;

    /// <summary>A node of the default ("ai.onnx") domain, with optional integer attributes.</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, long Value)[] intAttributes)
    {
        var node = new ProtoWriter();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            node.String(2, o);
        }

        node.String(3, $"{opType.ToLowerInvariant()}_{_nodes.Count}").String(4, opType);
        foreach (var (name, value) in intAttributes)
        {
            node.Message(5, new ProtoWriter().String(1, name).Varint(3, value).Varint(20, AttributeTypeInt));
        }

        _nodes.Add(node);
        return this;
    }

    public OnnxModelBuilder FloatInitializer(string name, long[] dims, params float[] values)
    {
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        return Initializer(name, Float, dims, raw);
    }

    public OnnxModelBuilder Int64Initializer(string name, long[] dims, params long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        return Initializer(name, Int64, dims, raw);
    }

    public OnnxModelBuilder Input(string name, int elemType, params OnnxDim[] dims)
    {
        _inputs.Add(ValueInfo(name, elemType, dims));
        return this;
    }

    public OnnxModelBuilder Output(string name, int elemType, params OnnxDim[] dims)
    {
        _outputs.Add(ValueInfo(name, elemType, dims));
        return this;
    }

    public byte[] Build()
    {
        var graph = new ProtoWriter();
        _nodes.ForEach(n => graph.Message(1, n));
        graph.String(2, "sidecar_test_ranker");
        _initializers.ForEach(t => graph.Message(5, t));
        _inputs.ForEach(v => graph.Message(11, v));
        _outputs.ForEach(v => graph.Message(12, v));

        return new ProtoWriter()
            .Varint(1, IrVersion)
            .String(2, "sidecar-tests")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, Opset))
            .ToArray();
    }

    private OnnxModelBuilder Initializer(string name, int dataType, long[] dims, byte[] raw)
    {
        var tensor = new ProtoWriter();
        foreach (var d in dims)
        {
            tensor.Varint(1, d);
        }

        _initializers.Add(tensor.Varint(2, dataType).String(8, name).Bytes(9, raw));
        return this;
    }

    private static ProtoWriter ValueInfo(string name, int elemType, OnnxDim[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
        {
            shape.Message(1, d.Param is { } p ? new ProtoWriter().String(2, p) : new ProtoWriter().Varint(1, d.Value ?? 0));
        }

        var tensorType = new ProtoWriter().Varint(1, elemType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
