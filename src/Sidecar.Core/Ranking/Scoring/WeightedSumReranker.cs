using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// Scores each hit as <c>sum_i w_i * f_i(x)</c> and orders by score, ties kept in first-stage order.
/// Feature values are computed column by column into one pooled buffer (<see cref="FeatureMatrix"/>);
/// the time budget is checked between features.
/// </summary>
public sealed class WeightedSumReranker : IReranker
{
    private readonly IFeature[] _features;

    public WeightedSumReranker(IReadOnlyList<IFeature> features)
    {
        _features = [.. features];
    }

    public IReadOnlyList<IFeature> Features => _features;

    public RerankResult Rerank(RerankContext context, ReadOnlySpan<SearchHit> hits)
    {
        using var matrix = FeatureMatrix.Compute(_features, context, hits, skipZeroWeights: true);
        var scores = new double[hits.Length];
        matrix.AddWeightedSum(_features, scores);
        return new RerankResult(ScoreOrder.Descending(scores), scores, matrix.ExplanationValues);
    }
}
