using System.Text;
using System.Text.Json;
using Sidecar.Ranking;
using Sidecar.Search;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Search;

public sealed class SearchResponseWriterTests
{
    private static (string Json, RerankResult Result) Rerank(string plan, int hits = 100, string? query = null)
    {
        var profile = Fixtures.ByRating();
        using var response = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(hits)))!;
        using var p = Fixtures.Plan(plan, query);
        var result = profile.Reranker.Rerank(new RerankContext(profile, null, false), response.Hits);
        return (Fixtures.Write(response, p, null, result), result);
    }

    [Fact]
    public void Write_ConsecutivePages_EqualHalvesOfOneBigPage()
    {
        var page1 = Fixtures.Ids(Rerank("""{"from":0,"size":10}""").Json);
        var page2 = Fixtures.Ids(Rerank("""{"from":10,"size":10}""").Json);
        var both = Fixtures.Ids(Rerank("""{"from":0,"size":20}""").Json);
        Assert.Equal(both, page1.Concat(page2));
        Assert.Equal(20, both.Distinct().Count());
    }

    [Fact]
    public void Write_NewOrder_IsByFeatureWithStableTies()
    {
        // rating = i % 50, so d49 and d99 tie at 49: upstream order (d49 first) breaks the tie.
        var ids = Fixtures.Ids(Rerank("""{"size":4}""").Json);
        Assert.Equal(["d49", "d99", "d48", "d98"], ids);
    }

    [Fact]
    public void Write_ScoresAndMaxScore_AreConsistentWithNewOrder()
    {
        using var doc = JsonDocument.Parse(Rerank("""{"size":10}""").Json);
        var hits = doc.RootElement.GetProperty("hits");
        var scores = hits.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("_score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(scores[0], hits.GetProperty("max_score").GetDouble());
    }

    [Fact]
    public void Write_EverythingButHits_IsCopiedAsUpstreamSentIt()
    {
        var json = Rerank("""{"size":10}""").Json;
        using var doc = JsonDocument.Parse(json);
        using var upstream = JsonDocument.Parse(Fixtures.Response(100));
        foreach (var key in new[] { "took", "timed_out", "_shards", "aggregations" })
        {
            Assert.Equal(upstream.RootElement.GetProperty(key).GetRawText(), doc.RootElement.GetProperty(key).GetRawText());
        }

        Assert.Equal("""{"value":1234,"relation":"eq"}""", doc.RootElement.GetProperty("hits").GetProperty("total").GetRawText());
    }

    [Fact]
    public void Write_PageBeyondAvailableHits_IsEmptyOrShort()
    {
        Assert.Equal(5, Fixtures.Ids(Rerank("""{"from":0,"size":10}""", hits: 5).Json).Length);
        Assert.Empty(Fixtures.Ids(Rerank("""{"from":10,"size":10}""", hits: 5).Json));
    }

    [Fact]
    public void Write_WithoutResult_KeepsUpstreamOrderAndScores()
    {
        using var response = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(30)))!;
        using var plan = Fixtures.Plan("""{"from":10,"size":3}""");
        var json = Fixtures.Write(response, plan, null, null);
        Assert.Equal(["d10", "d11", "d12"], Fixtures.Ids(json));
        Assert.Contains("\"_score\":9.90", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RestoreSource_FiltersToWhatTheClientAsked()
    {
        using var response = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(3)))!;
        using var plan = Fixtures.Plan("""{"_source":["title"]}""");
        var json = Fixtures.Write(response, plan, plan.Source, null);
        using var doc = JsonDocument.Parse(json);
        var source = doc.RootElement.GetProperty("hits").GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal("""{"title":"item 0"}""", source.GetRawText());
    }

    [Fact]
    public void Write_SourceDisabledByClient_DropsSource()
    {
        using var response = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(3)))!;
        using var plan = Fixtures.Plan("""{"_source":false}""");
        var json = Fixtures.Write(response, plan, plan.Source, null);
        Assert.DoesNotContain("_source", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Explain_AddsFeatureBreakdownPerHit()
    {
        var profile = Fixtures.ByRating();
        using var response = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(10)))!;
        using var plan = Fixtures.Plan("""{"size":2}""");
        var result = profile.Reranker.Rerank(new RerankContext(profile, null, explain: true), response.Hits);
        var json = Fixtures.Write(response, plan, null, result, profile.Reranker.Features);
        using var doc = JsonDocument.Parse(json);
        var top = doc.RootElement.GetProperty("hits").GetProperty("hits")[0];
        var rerank = top.GetProperty("_rerank");
        Assert.Equal(9, rerank.GetProperty("rank_before").GetInt32());
        Assert.Equal(0, rerank.GetProperty("rank").GetInt32());
        Assert.Equal(9.91, rerank.GetProperty("score_before").GetDouble(), 3);
        var rating = rerank.GetProperty("features").GetProperty("rating");
        Assert.Equal(9, rating.GetProperty("value").GetDouble());
        Assert.Equal(9, rating.GetProperty("contribution").GetDouble());
        Assert.Equal(rerank.GetProperty("score").GetDouble(), top.GetProperty("_score").GetDouble());
    }

    [Fact]
    public void Write_NoExplain_AddsNoExtraFields()
    {
        Assert.DoesNotContain("_rerank", Rerank("""{"size":10}""").Json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"hits": 3}""")]
    [InlineData("""{"hits": {"hits": {}}}""")]
    [InlineData("""{"hits": {"hits": [1]}}""")]
    [InlineData("[]")]
    public void TryParse_NotASearchResponse_ReturnsNull(string json)
    {
        Assert.Null(SearchResponse.TryParse(Encoding.UTF8.GetBytes(json)));
    }
}
