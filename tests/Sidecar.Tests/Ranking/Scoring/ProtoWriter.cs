using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>
/// A minimal protocol-buffers wire-format writer (just what an ONNX ModelProto needs): each field is a
/// key <c>(field_number &lt;&lt; 3) | wire_type</c> followed by a varint (type 0), a little-endian 32-bit
/// value (type 5) or a varint length and that many bytes (type 2: strings, bytes, nested messages).
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    public int Length => _buffer.WrittenCount;

    /// <summary>int32/int64/enum field; negative values take 10 bytes (two's complement), as protobuf requires.</summary>
    public ProtoWriter Varint(int field, long value)
    {
        Key(field, WireVarint);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A float field (wire type 5).</summary>
    public ProtoWriter Float(int field, float value)
    {
        Key(field, WireFixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
        return this;
    }

    /// <summary>An embedded message (a length-delimited field holding the other writer's bytes).</summary>
    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message._buffer.WrittenSpan);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void Key(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
