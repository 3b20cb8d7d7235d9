using System.Buffers.Binary;
using System.Text;
using Lucene.Net.Util;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// Encodes all values of one field of one document into a single binary doc value (Lucene 4.8 has no
/// sorted-numeric doc values): a varint count, then either varint-length-prefixed UTF-8 strings or 8-byte
/// little-endian numbers (long bits for integral kinds, double bits otherwise).
/// </summary>
public static class PackedValues
{
    public static BytesRef EncodeStrings(IReadOnlyList<string> values)
    {
        var size = 5;
        foreach (var v in values)
        {
            size += 5 + Encoding.UTF8.GetByteCount(v);
        }

        var bytes = new byte[size];
        var pos = WriteVarInt(bytes, 0, values.Count);
        foreach (var v in values)
        {
            var length = Encoding.UTF8.GetByteCount(v);
            pos = WriteVarInt(bytes, pos, length);
            pos += Encoding.UTF8.GetBytes(v, bytes.AsSpan(pos));
        }

        return new BytesRef(bytes, 0, pos);
    }

    public static BytesRef EncodeNumbers(IReadOnlyList<long> rawBits)
    {
        var bytes = new byte[5 + (8 * rawBits.Count)];
        var pos = WriteVarInt(bytes, 0, rawBits.Count);
        foreach (var v in rawBits)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(pos), v);
            pos += 8;
        }

        return new BytesRef(bytes, 0, pos);
    }

    public static string[] DecodeStrings(BytesRef bytes)
    {
        var span = bytes.Bytes.AsSpan(bytes.Offset, bytes.Length);
        if (span.IsEmpty)
        {
            return [];
        }

        var pos = ReadVarInt(span, 0, out var count);
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            pos = ReadVarInt(span, pos, out var length);
            values[i] = Encoding.UTF8.GetString(span.Slice(pos, length));
            pos += length;
        }

        return values;
    }

    public static long[] DecodeRaw(BytesRef bytes)
    {
        var span = bytes.Bytes.AsSpan(bytes.Offset, bytes.Length);
        if (span.IsEmpty)
        {
            return [];
        }

        var pos = ReadVarInt(span, 0, out var count);
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(pos + (8 * i))..]);
        }

        return values;
    }

    private static int WriteVarInt(byte[] bytes, int pos, int value)
    {
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes[pos++] = (byte)(v | 0x80);
            v >>= 7;
        }

        bytes[pos++] = (byte)v;
        return pos;
    }

    private static int ReadVarInt(ReadOnlySpan<byte> span, int pos, out int value)
    {
        var result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = span[pos++];
            result |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        value = result;
        return pos;
    }
}
