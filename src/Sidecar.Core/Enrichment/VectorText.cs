using System.Buffers;
using System.Globalization;

namespace Sidecar.Enrichment;

/// <summary>Writes a vector as a JSON array of numbers (shortest round-trip form, invariant culture) to UTF-8.</summary>
internal static class VectorText
{
    private const int MaxFloatChars = 16; // "-1.23456789E-38" is 15

    /// <summary>True when every element is finite (JSON has no NaN or Infinity) and there is at least one.</summary>
    public static bool IsWritable(ReadOnlySpan<float> vector)
    {
        if (vector.IsEmpty)
        {
            return false;
        }

        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<float> vector)
    {
        var span = output.GetSpan((vector.Length * (MaxFloatChars + 1)) + 2);
        var n = 0;
        span[n++] = (byte)'[';
        for (var i = 0; i < vector.Length; i++)
        {
            if (i > 0)
            {
                span[n++] = (byte)',';
            }

            if (!vector[i].TryFormat(span[n..], out var written, default, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("A vector element did not fit its buffer.");
            }

            n += written;
        }

        span[n++] = (byte)']';
        output.Advance(n);
    }
}
