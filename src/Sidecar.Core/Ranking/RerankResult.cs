namespace Sidecar.Ranking;

/// <summary>
/// The outcome of reranking a window of <c>n</c> hits: <see cref="Order"/> lists hit indices best first,
/// <see cref="Scores"/> holds each hit's final score (indexed by the hit's upstream rank), and
/// <see cref="FeatureValues"/> holds, when explanations were asked for, value <c>[f * n + i]</c> of
/// feature <c>f</c> for hit <c>i</c>.
/// </summary>
public sealed class RerankResult
{
    public RerankResult(int[] order, double[] scores, double[]? featureValues)
    {
        Order = order;
        Scores = scores;
        FeatureValues = featureValues;
    }

    public int[] Order { get; }

    public double[] Scores { get; }

    public double[]? FeatureValues { get; }
}
