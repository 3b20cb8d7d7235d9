namespace Sidecar.Eval;

/// <summary>A weight vector (declaration order) and the mean NDCG@10 it reached on the queries it was tuned on.</summary>
public sealed record WeightCandidate(double[] Weights, double Ndcg)
{
    /// <summary>Features with a non-zero weight.</summary>
    public int NonZero => Weights.Count(w => w != 0);

    /// <summary>Sum of absolute weights.</summary>
    public double L1 => Weights.Sum(Math.Abs);

    /// <summary>
    /// True when this candidate should be preferred to <paramref name="other"/>: a higher NDCG by more than
    /// <paramref name="epsilon"/>, or the same NDCG with fewer non-zero weights, then a smaller L1 (the
    /// simpler of two equally good weightings).
    /// </summary>
    public bool IsBetterThan(WeightCandidate? other, double epsilon)
    {
        if (other is null)
        {
            return true;
        }

        if (Ndcg > other.Ndcg + epsilon)
        {
            return true;
        }

        if (Ndcg < other.Ndcg - epsilon)
        {
            return false;
        }

        return NonZero != other.NonZero ? NonZero < other.NonZero : L1 < other.L1 - 1e-12;
    }
}
