using Sidecar.Ranking;

namespace Sidecar.Eval;

/// <summary>
/// Per-feature ablation of a profile, in-process over the fetched windows: the mean NDCG@10 of the
/// profile as declared, of the profile without each feature, and of each feature alone. Every variant
/// reranks with the sidecar's own reranker (<see cref="IReranker.Rerank"/>), not a reimplementation.
/// </summary>
public static class Ablation
{
    public static double MeanNdcg(IReadOnlyList<QueryWindow> windows, RerankProfile profile, int k) =>
        RelevanceMetrics.Mean(windows.Select(w => RelevanceMetrics.Ndcg(w.Rerank(profile), w.Query.Grades, k)));

    public static IReadOnlyList<AblationRow> Run(IReadOnlyList<QueryWindow> windows, RerankProfile profile, int k)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(profile);
        var features = profile.Reranker.Features;
        var rows = new List<AblationRow>(features.Count);
        for (var f = 0; f < features.Count; f++)
        {
            var without = MeanNdcg(windows, ProfileVariants.Without(profile, f), k);
            var alone = MeanNdcg(windows, ProfileVariants.Alone(profile, f), k);
            rows.Add(new AblationRow(features[f].Name, features[f].Type, features[f].Weight, without, alone));
        }

        return rows;
    }
}
