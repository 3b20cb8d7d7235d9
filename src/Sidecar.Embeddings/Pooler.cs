using System.Numerics.Tensors;

namespace Sidecar.Embeddings;

/// <summary>Turns per-token hidden states [rows x seq x dims] into L2-normalised sentence vectors.</summary>
internal static class Pooler
{
    /// <summary>Pools row <paramref name="row"/> into <paramref name="destination"/> (length dims) and normalises it.</summary>
    public static void Pool(
        ReadOnlySpan<float> hiddenStates,
        ReadOnlySpan<long> attentionMask,
        int row,
        int sequenceLength,
        PoolingMode mode,
        Span<float> destination)
    {
        var dims = destination.Length;
        var states = hiddenStates.Slice(row * sequenceLength * dims, sequenceLength * dims);
        if (mode == PoolingMode.Cls)
        {
            states[..dims].CopyTo(destination);
        }
        else
        {
            var mask = attentionMask.Slice(row * sequenceLength, sequenceLength);
            destination.Clear();
            var counted = 0;
            for (var t = 0; t < sequenceLength; t++)
            {
                if (mask[t] != 0)
                {
                    TensorPrimitives.Add(destination, states.Slice(t * dims, dims), destination);
                    counted++;
                }
            }

            if (counted > 0)
            {
                TensorPrimitives.Divide(destination, counted, destination);
            }
        }

        VectorMath.Normalize(destination);
    }
}
