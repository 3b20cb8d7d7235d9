using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Sidecar.Embeddings;

/// <summary>
/// One ONNX Runtime session for a BERT-style encoder, shared by all threads (InferenceSession.Run
/// is thread-safe). Checks inputs/outputs at load; runs a <see cref="TokenBatch"/> into caller-owned
/// hidden-state buffers (OrtValues over pooled managed arrays: no native output allocation).
/// </summary>
internal sealed class EncoderSession : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _feedsTokenTypes;

    private EncoderSession(SessionOptions sessionOptions, InferenceSession session, string outputName, bool feedsTokenTypes, int dims)
    {
        _sessionOptions = sessionOptions;
        _session = session;
        _feedsTokenTypes = feedsTokenTypes;
        _inputNames = feedsTokenTypes ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];
        _outputNames = [outputName];
        Dimensions = dims;
    }

    public int Dimensions { get; }

    public static EncoderSession Create(byte[] model, string source, string outputName, int intraOpThreads)
    {
        const string fix = "Point ModelPath/BundlePath at an intact sentence-transformers ONNX export (re-extract or rebuild to re-copy it)";
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        InferenceSession? session = null;
        try
        {
            session = new InferenceSession(model, sessionOptions);
            var inputs = session.InputMetadata;
            foreach (var required in new[] { InputIds, AttentionMask })
            {
                if (!inputs.TryGetValue(required, out var meta) || meta.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64)
                {
                    throw EmbeddingModelException.ForFile(
                        source, $"Model has no int64 input '{required}' (inputs: {string.Join(", ", inputs.Keys)})", fix);
                }
            }

            if (!session.OutputMetadata.TryGetValue(outputName, out var output)
                || output.Dimensions.Length != 3
                || output.Dimensions[2] <= 0)
            {
                throw EmbeddingModelException.ForFile(
                    source,
                    $"Model has no output '{outputName}' shaped [batch x seq x dims] (outputs: "
                    + string.Join(", ", session.OutputMetadata.Select(o => $"{o.Key}[{string.Join(",", o.Value.Dimensions)}]")) + ")",
                    "Set EmbeddingModelOptions.OutputName to the per-token hidden-state output");
            }

            return new EncoderSession(sessionOptions, session, outputName, inputs.ContainsKey(TokenTypeIds), output.Dimensions[2]);
        }
        catch (OnnxRuntimeException e)
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw EmbeddingModelException.ForFile(source, "ONNX Runtime cannot load the model (corrupt or not an ONNX file)", fix, e);
        }
        catch
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>Runs the batch; returns a pooled buffer of [rows x seq x dims] hidden states (return it to ArrayPool&lt;float&gt;.Shared).</summary>
    public float[] Run(TokenBatch batch)
    {
        var shape = new long[] { batch.Rows, batch.SequenceLength };
        var outputLength = batch.Length * Dimensions;
        var hidden = ArrayPool<float>.Shared.Rent(outputLength);
        var info = OrtMemoryInfo.DefaultInstance;
        try
        {
            using var ids = OrtValue.CreateTensorValueFromMemory(info, batch.InputIds, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(info, batch.AttentionMask, shape);
            using var types = _feedsTokenTypes ? OrtValue.CreateTensorValueFromMemory(info, batch.TokenTypeIds, shape) : null;
            using var output = OrtValue.CreateTensorValueFromMemory(
                info, hidden.AsMemory(0, outputLength), [batch.Rows, batch.SequenceLength, Dimensions]);
            OrtValue[] inputs = types is null ? [ids, mask] : [ids, mask, types];
            _session.Run(_runOptions, _inputNames, inputs, _outputNames, [output]);
            return hidden;
        }
        catch
        {
            ArrayPool<float>.Shared.Return(hidden);
            throw;
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _sessionOptions.Dispose();
    }
}
