using Sidecar.Ranking.Features;
using Sidecar.Ranking.Scoring;

namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>The shared helpers reproduce <see cref="WeightedSumReranker"/> exactly (so it can switch to them).</summary>
public sealed class FeatureMatrixTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WeightedSumThroughHelpers_IsBitIdenticalToWeightedSumReranker(bool explain)
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow(60);
        var sum = new WeightedSumReranker(features);
        var expected = sum.Rerank(ScoringFixtures.Context(sum, explain), window.Hits);

        using var matrix = FeatureMatrix.Compute(features, ScoringFixtures.Context(sum, explain), window.Hits);
        var scores = new double[window.Hits.Length];
        matrix.AddWeightedSum(features, scores);

        Assert.Equal(expected.Scores, scores);
        Assert.Equal(expected.Order, ScoreOrder.Descending(scores));
        Assert.Equal(expected.FeatureValues, matrix.ExplanationValues);
    }

    [Fact]
    public void CopyRowMajor_TransposesColumnsAndZeroesNonFiniteValues()
    {
        IFeature[] features =
        [
            new FixedValuesFeature("a", 1.0, 1.5, double.NaN, 3.0),
            new FixedValuesFeature("b", 2.0, double.PositiveInfinity, -4.0, 0.25),
        ];
        using var window = ScoringFixtures.RatingAscendingWindow(3);
        var sum = new WeightedSumReranker(features);
        using var matrix = FeatureMatrix.Compute(features, ScoringFixtures.Context(sum, explain: true), window.Hits);
        var rows = new float[6];
        var scores = new double[3];

        matrix.CopyRowMajor(rows);
        matrix.AddWeightedSum(features, scores);

        Assert.Equal((2, 3), (matrix.FeatureCount, matrix.HitCount));
        Assert.Equal([1.5f, 0f, 0f, -4f, 3f, 0.25f], rows);
        Assert.Equal([1.5, -8.0, 3.5], scores);
        Assert.True(double.IsNaN(matrix.Column(0)[1]));
        Assert.Equal(0.0, matrix.Value(0, 1));
        Assert.Equal(sum.Rerank(ScoringFixtures.Context(sum, explain: true), window.Hits).FeatureValues, matrix.ExplanationValues);
    }

    [Fact]
    public void ScoreOrder_SortsDescendingWithTiesInUpstreamOrder()
    {
        Assert.Equal([1, 3, 0, 2, 4], ScoreOrder.Descending([0.5, 2.0, 0.5, 2.0, -1.0]));
        Assert.Empty(ScoreOrder.Descending([]));
    }
}
