using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Ranking.Scoring;

namespace Sidecar.Eval;

/// <summary>Copies of a profile whose weighted sum runs over another feature list (ablations, tuned weights).</summary>
public static class ProfileVariants
{
    public static RerankProfile WithFeatures(RerankProfile profile, IReadOnlyList<IFeature> features)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new RerankProfile(profile.Name, profile.Indices, profile.Window, profile.BudgetMs, new WeightedSumReranker(features))
        {
            Query = profile.Query,
            ItemEmbedding = profile.ItemEmbedding,
            EnrichOnWrite = profile.EnrichOnWrite,
        };
    }

    /// <summary>Every declared feature but <paramref name="index"/>, at their declared weights.</summary>
    public static RerankProfile Without(RerankProfile profile, int index)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return WithFeatures(profile, profile.Reranker.Features.Where((_, i) => i != index).ToArray());
    }

    /// <summary>
    /// Feature <paramref name="index"/> alone: at its declared weight (only its sign matters for the order,
    /// so a "lower is better" feature keeps its direction), or at weight 1 when it is declared with 0.
    /// </summary>
    public static RerankProfile Alone(RerankProfile profile, int index)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var f = profile.Reranker.Features[index];
        return WithFeatures(profile, [f.Weight != 0 ? f : new ReweightedFeature(f, 1.0)]);
    }
}
