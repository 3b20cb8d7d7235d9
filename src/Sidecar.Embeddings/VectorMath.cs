using System.Numerics.Tensors;

namespace Sidecar.Embeddings;

/// <summary>SIMD vector maths over spans (System.Numerics.Tensors.TensorPrimitives). Allocation-free.</summary>
public static class VectorMath
{
    /// <summary>Dot product; equals cosine similarity for unit vectors such as embeddings.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        RequireSameLength(a, b);
        return TensorPrimitives.Dot(a, b);
    }

    /// <summary>Euclidean (L2) norm.</summary>
    public static float Norm(ReadOnlySpan<float> x) => TensorPrimitives.Norm(x);

    /// <summary>Cosine similarity in [-1, 1]; 0 when either vector is all zeros.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        RequireSameLength(a, b);
        var norms = TensorPrimitives.Norm(a) * TensorPrimitives.Norm(b);
        return norms > 0f ? Math.Clamp(TensorPrimitives.Dot(a, b) / norms, -1f, 1f) : 0f;
    }

    /// <summary>Scales <paramref name="x"/> in place to unit length; an all-zero vector stays zero.</summary>
    public static void Normalize(Span<float> x)
    {
        var norm = TensorPrimitives.Norm(x);
        if (norm > 0f && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(x, norm, x);
        }
    }

    /// <summary>A unit-length copy of <paramref name="x"/>.</summary>
    public static float[] Normalized(ReadOnlySpan<float> x)
    {
        var copy = x.ToArray();
        Normalize(copy);
        return copy;
    }

    /// <summary>
    /// Scores one query against a row-major matrix of candidates (<c>scores.Length</c> rows of
    /// <c>query.Length</c> floats each): <c>scores[i] = dot(query, row i)</c>.
    /// </summary>
    public static void DotRows(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> scores)
    {
        if (query.Length == 0 || rows.Length != query.Length * scores.Length)
        {
            throw new ArgumentException(
                $"rows has {rows.Length} floats; expected {scores.Length} rows x {query.Length} dims.", nameof(rows));
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(query, rows.Slice(i * query.Length, query.Length));
        }
    }

    private static void RequireSameLength(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vector lengths differ: {a.Length} vs {b.Length}.", nameof(b));
        }
    }
}
