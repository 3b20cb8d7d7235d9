namespace Sidecar.StandIn.Indexing;

/// <summary>
/// One-byte field-length encoding with 4 significant bits, as used for norms by the Lucene versions behind
/// Elasticsearch 8/9: lengths 0..23 are exact, longer ones keep ordering with bounded relative error.
/// (Lucene 4.8's own norms encode boost/sqrt(length) much more coarsely.)
/// </summary>
public static class LengthCodec
{
    private static readonly int MaxInt4 = LongToInt4(int.MaxValue);
    private static readonly int FreeValues = 255 - MaxInt4;
    private static readonly float[] Table = BuildTable();

    public static byte Encode(int length)
    {
        if (length <= 0)
        {
            return 0;
        }

        return length < FreeValues ? (byte)length : (byte)(FreeValues + LongToInt4(length - FreeValues));
    }

    public static float Decode(byte b) => Table[b];

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = i < FreeValues ? i : FreeValues + Int4ToLong(i - FreeValues);
        }

        return table;
    }

    // Keeps the 4 most significant bits of the value; the top one is implicit, the shift goes in the high bits.
    private static int LongToInt4(long value)
    {
        var bits = 64 - long.LeadingZeroCount(value);
        if (bits < 4)
        {
            return (int)value;
        }

        var shift = (int)bits - 4;
        var mantissa = (int)(value >>> shift) & 0x07;
        return mantissa | ((shift + 1) << 3);
    }

    private static long Int4ToLong(int encoded)
    {
        long mantissa = encoded & 0x07;
        var shift = (encoded >>> 3) - 1;
        return shift < 0 ? mantissa : (mantissa | 0x08) << shift;
    }
}
