using System.Buffers;
using System.Text.Json;
using Sidecar.Search;

namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>What a client sees with <c>X-Rerank-Explain: true</c> when a model ranks the window.</summary>
public sealed class ModelExplanationTests : IDisposable
{
    private readonly ModelFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ExplainedResponse_HasModelScoresFeatureValuesAndZeroWeights()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        using var window = ScoringFixtures.ProductWindow(10);
        using var model = ScoringFixtures.ModelReranker(_files, features, LinearRankingModel.Build([2f, -1f, 0.5f], bias: 3f));
        var result = model.Rerank(ScoringFixtures.Context(model, explain: true), window.Hits);
        var plan = SearchRequestAnalyzer.Analyze("""{"size":3}"""u8.ToArray(), new QueryParameters(null), 100);
        var output = new ArrayBufferWriter<byte>();

        SearchResponseWriter.Write(output, window, plan, null, result, model.Features);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        var top = json.RootElement.GetProperty("hits").GetProperty("hits")[0];
        var best = result.Order[0];
        var explanation = top.GetProperty("_rerank");
        Assert.Equal("p" + best, top.GetProperty("_id").GetString());
        Assert.Equal(result.Scores[best], top.GetProperty("_score").GetDouble());
        Assert.Equal(result.Scores[best], explanation.GetProperty("score").GetDouble());
        var rating = explanation.GetProperty("features").GetProperty("rating");
        Assert.Equal(result.FeatureValues![(1 * 10) + best], rating.GetProperty("value").GetDouble());
        Assert.Equal(0.0, rating.GetProperty("weight").GetDouble());
        Assert.Equal(0.0, rating.GetProperty("contribution").GetDouble());
    }
}
