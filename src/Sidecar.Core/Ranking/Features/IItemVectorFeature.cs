namespace Sidecar.Ranking.Features;

/// <summary>
/// A feature that reads item embeddings. The search path resolves the window's vectors once per request (the hits'
/// <c>_source</c>, the item cache, or one <c>_mget</c> for the misses) and hands them over as
/// <see cref="RerankContext.ItemVectors"/>; features read them through <see cref="RerankContext.ItemVectorsFor"/> and never
/// parse or fetch them themselves.
/// </summary>
public interface IItemVectorFeature
{
    /// <summary>True when the feature reads vectors only for users with a profile (anonymous searches need none).</summary>
    bool PersonalOnly { get; }
}
