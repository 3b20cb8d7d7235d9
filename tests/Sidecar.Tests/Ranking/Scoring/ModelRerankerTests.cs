using Sidecar.Ranking.Scoring;

namespace Sidecar.Tests.Ranking.Scoring;

public sealed class ModelRerankerTests : IDisposable
{
    private readonly ModelFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(LinearOutput.Column)]
    [InlineData(LinearOutput.Squeeze)]
    [InlineData(LinearOutput.Reshape)]
    public void LinearModelWithYamlWeights_MatchesWeightedSum(LinearOutput output)
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow();
        var sum = new WeightedSumReranker(features);
        var expected = sum.Rerank(ScoringFixtures.Context(sum), window.Hits);
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build(ScoringFixtures.ProductWeights, 0f, output));

        var actual = model.Rerank(ScoringFixtures.Context(model), window.Hits);

        // Precondition: no two hits are so close that float32 rounding could legitimately swap them.
        var sorted = expected.Order.Select(i => expected.Scores[i]).ToArray();
        Assert.All(sorted.Zip(sorted.Skip(1)), p => Assert.True(p.First - p.Second > 1e-4, $"near tie {p.First} / {p.Second}"));
        Assert.NotEqual(Enumerable.Range(0, window.Hits.Length), expected.Order);
        Assert.Equal(expected.Order, actual.Order);
        for (var i = 0; i < expected.Scores.Length; i++)
        {
            Assert.Equal(expected.Scores[i], actual.Scores[i], 1e-5);
        }
    }

    [Fact]
    public void DifferentWeights_ReverseTheOrder()
    {
        var features = ScoringFixtures.Features("""
                  - { name: bm25, type: first_stage_score, weight: 1.0 }
                  - { name: rating, type: numeric_field, field: rating, weight: 0.1 }
            """);
        using var window = ScoringFixtures.RatingAscendingWindow(30);
        var sum = new WeightedSumReranker(features);
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build([0f, 1f]));

        var bySum = sum.Rerank(ScoringFixtures.Context(sum), window.Hits);
        var byModel = model.Rerank(ScoringFixtures.Context(model), window.Hits);

        Assert.Equal(Enumerable.Range(0, 30), bySum.Order);
        Assert.Equal(Enumerable.Range(0, 30).Reverse(), byModel.Order);
    }

    [Fact]
    public void EqualModelScores_KeepUpstreamOrder()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow(50);
        using var constant = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build([0f, 0f, 0f], bias: 0.5f), "constant.onnx");
        using var byRating = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build([0f, 1f, 0f]), "rating.onnx");

        var all = constant.Rerank(ScoringFixtures.Context(constant), window.Hits);
        var some = byRating.Rerank(ScoringFixtures.Context(byRating), window.Hits);

        Assert.Equal(Enumerable.Range(0, 50), all.Order);
        Assert.All(all.Scores, s => Assert.Equal(0.5, s));
        var ties = 0;
        for (var k = 1; k < some.Order.Length; k++)
        {
            var (a, b) = (some.Order[k - 1], some.Order[k]);
            Assert.True(some.Scores[a] >= some.Scores[b]);
            if (some.Scores[a] == some.Scores[b])
            {
                ties++;
                Assert.True(a < b, $"tied hits {a} and {b} out of upstream order");
            }
        }

        Assert.True(ties >= 5, "the window should have tied ratings (missing ratings all get 0.3)");
    }

    [Fact]
    public void Explain_KeepsFeatureValuesAndPresentsZeroWeights()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow();
        var sum = new WeightedSumReranker(features);
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build([2f, -1f, 0.5f]));

        var expected = sum.Rerank(ScoringFixtures.Context(sum, explain: true), window.Hits);
        var actual = model.Rerank(ScoringFixtures.Context(model, explain: true), window.Hits);
        var quiet = model.Rerank(ScoringFixtures.Context(model), window.Hits);

        Assert.Equal(expected.FeatureValues, actual.FeatureValues);
        Assert.Null(quiet.FeatureValues);
        Assert.Equal(quiet.Scores, actual.Scores);
        Assert.Equal(features.Select(f => f.Name), model.Features.Select(f => f.Name));
        Assert.All(model.Features, f => Assert.Equal(0.0, f.Weight));
        Assert.Equal([1.0, 0.6, 0.25], model.DeclaredFeatures.Select(f => f.Weight));
        Assert.Equal(["rating", "popularity"], model.Features.SelectMany(f => f.SourceFields));
    }

    [Fact]
    public void CancelledBudget_ThrowsOperationCanceled()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow();
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build(ScoringFixtures.ProductWeights));
        using var budget = new CancellationTokenSource();
        budget.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => model.Rerank(ScoringFixtures.Context(model, budget: budget.Token), window.Hits));
    }

    [Fact]
    public void EmptyWindow_GivesEmptyResult()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.Parse("""{"hits":{"hits":[]}}""");
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build(ScoringFixtures.ProductWeights));

        var result = model.Rerank(ScoringFixtures.Context(model, explain: true), window.Hits);

        Assert.Empty(result.Order);
        Assert.Empty(result.Scores);
    }

    [Fact]
    public void NonFiniteModelScore_ThrowsSoTheCallerFailsOpen()
    {
        var features = ScoringFixtures.Features("      - { name: bm25, type: first_stage_score }");
        var nan = new OnnxModelBuilder()
            .Input("x", OnnxModelBuilder.Float, "N", 1)
            .FloatInitializer("zero", [1], 0f)
            .Node("Div", ["x", "zero"], ["y"])
            .Output("y", OnnxModelBuilder.Float, "N", 1)
            .Build();
        using var window = ScoringFixtures.RatingAscendingWindow(3);
        using var model = ScoringFixtures.ModelReranker(_files, features, nan);

        var e = Assert.Throws<RankingModelException>(() => model.Rerank(ScoringFixtures.Context(model), window.Hits));
        Assert.Contains("non-finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentScoring_From8Threads_GivesIdenticalResults()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow(100);
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build([1.5f, -0.4f, 0.8f], 0.1f));
        var hits = window.Hits;
        var reference = model.Rerank(ScoringFixtures.Context(model), hits);
        var mismatches = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var k = 0; k < 200; k++)
                {
                    var r = model.Rerank(ScoringFixtures.Context(model, explain: k % 2 == 0), hits);
                    if (!r.Order.SequenceEqual(reference.Order) || !r.Scores.SequenceEqual(reference.Scores))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.Equal(0, mismatches);
    }
}
