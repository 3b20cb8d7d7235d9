using Sidecar.Embeddings;

namespace Sidecar.Personalization;

/// <summary>
/// The user's interest embedding: the decayed weighted mean of the (unit) embeddings of the items they
/// interacted with, kept as a decayed sum <c>S</c> and a decayed total weight <c>W</c> with one reference
/// time (the mean is <c>S / W</c>; for cosine similarity <c>S</c> alone is enough). A change of embedding
/// dimensions (another model) starts afresh.
/// </summary>
public sealed class InterestVector
{
    public InterestVector(float[] sum, double weight, long refMs)
    {
        Sum = sum;
        Weight = weight;
        RefMs = refMs;
    }

    public float[] Sum { get; private set; }

    public double Weight { get; private set; }

    public long RefMs { get; private set; }

    public int Dimensions => Sum.Length;

    /// <summary>Adds <paramref name="embedding"/> (normalised here) with <paramref name="weight"/> at <paramref name="atMs"/>.</summary>
    public void Add(ReadOnlySpan<float> embedding, double weight, long atMs, double halfLifeMs)
    {
        var unit = VectorMath.Normalized(embedding);
        if (unit.Length != Sum.Length)
        {
            Sum = new float[unit.Length];
            Weight = 0;
            RefMs = atMs;
        }

        var reference = Math.Max(RefMs, atMs);
        var old = (float)DecayedValue.Factor(reference - RefMs, halfLifeMs);
        var add = (float)(weight * DecayedValue.Factor(reference - atMs, halfLifeMs));
        for (var i = 0; i < Sum.Length; i++)
        {
            Sum[i] = (Sum[i] * old) + (unit[i] * add);
        }

        Weight = (Weight * old) + add;
        RefMs = reference;
    }

    /// <summary>The decayed weighted mean at any time (decay scales S and W alike); null when empty.</summary>
    public float[]? Mean()
    {
        if (Weight <= 0)
        {
            return null;
        }

        var mean = new float[Sum.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = (float)(Sum[i] / Weight);
        }

        return mean;
    }
}
