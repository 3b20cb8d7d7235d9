using System.Text;
using Sidecar.Search;

namespace Sidecar.Tests.Search;

public sealed class SearchRequestAnalyzerTests
{
    private static SearchPlan Analyze(string body, string? query = null, int window = 100) =>
        SearchRequestAnalyzer.Analyze(Encoding.UTF8.GetBytes(body), new QueryParameters(query), window);

    [Fact]
    public void Analyze_EmptyBody_DefaultsToFirstTenHits()
    {
        using var plan = Analyze("");
        Assert.True(plan.CanRerank);
        Assert.Equal(0, plan.From);
        Assert.Equal(10, plan.Size);
        Assert.True(plan.Source.IsAll);
    }

    [Fact]
    public void Analyze_FromAndSizeInBody_AreRead()
    {
        using var plan = Analyze("""{"from": 20, "size": 5, "query": {"match_all": {}}}""");
        Assert.Equal((20, 5), (plan.From, plan.Size));
    }

    [Fact]
    public void Analyze_UrlParameters_OverrideBody()
    {
        using var plan = Analyze("""{"from": 20, "size": 5}""", "?from=3&size=7");
        Assert.Equal((3, 7), (plan.From, plan.Size));
    }

    [Fact]
    public void Analyze_NumericStrings_AreAcceptedAsElasticsearchDoes()
    {
        using var plan = Analyze("""{"from": "10", "size": "10"}""");
        Assert.Equal((10, 10), (plan.From, plan.Size));
    }

    [Theory]
    [InlineData("""{"size": "ten"}""")]
    [InlineData("""{"size": -1}""")]
    [InlineData("""{"from": 1.5}""")]
    [InlineData("""{"size": 99999999999}""")]
    [InlineData("""{"size": 10""")]
    [InlineData("""[1, 2]""")]
    [InlineData("not json at all")]
    [InlineData("""{"_source": 42}""")]
    [InlineData("""{"_source": {"includes": [1]}}""")]
    public void Analyze_BodyTheSidecarCannotUnderstand_IsLeftToElasticsearch(string body)
    {
        using var plan = Analyze(body);
        Assert.Equal(SkipReasons.Unparseable, plan.SkipReason);
    }

    [Theory]
    [InlineData("""{"sort": [{"price": "asc"}]}""", SkipReasons.Sort)]
    [InlineData("""{"sort": "price"}""", SkipReasons.Sort)]
    [InlineData("""{"sort": [{"_score": "asc"}]}""", SkipReasons.Sort)]
    [InlineData("""{"sort": ["_score", "price"]}""", SkipReasons.Sort)]
    [InlineData("""{"search_after": [1.0, "x"]}""", SkipReasons.SearchAfter)]
    [InlineData("""{"pit": {"id": "abc"}}""", SkipReasons.PointInTime)]
    [InlineData("""{"collapse": {"field": "brand"}}""", SkipReasons.Collapse)]
    [InlineData("""{"rescore": {"window_size": 50, "query": {}}}""", SkipReasons.Rescore)]
    [InlineData("""{"size": 0, "aggs": {"b": {"terms": {"field": "brand"}}}}""", SkipReasons.SizeZero)]
    [InlineData("""{"from": 95, "size": 10}""", SkipReasons.WindowExceeded)]
    [InlineData("""{"retriever": {"standard": {}}}""", SkipReasons.Retriever)]
    public void Analyze_OrderFixedByClient_IsNotReranked(string body, string reason)
    {
        using var plan = Analyze(body);
        Assert.Equal(reason, plan.SkipReason);
    }

    [Theory]
    [InlineData("""{"sort": "_score"}""")]
    [InlineData("""{"sort": ["_score"]}""")]
    [InlineData("""{"sort": [{"_score": "desc"}]}""")]
    [InlineData("""{"sort": [{"_score": {"order": "desc"}}]}""")]
    [InlineData("""{"from": 90, "size": 10}""")]
    public void Analyze_RelevanceOrderWithinWindow_IsReranked(string body)
    {
        using var plan = Analyze(body);
        Assert.Null(plan.SkipReason);
    }

    [Theory]
    [InlineData("?scroll=1m", SkipReasons.Scroll)]
    [InlineData("?sort=price:asc", SkipReasons.Sort)]
    [InlineData("?size=0", SkipReasons.SizeZero)]
    [InlineData("?from=100", SkipReasons.WindowExceeded)]
    [InlineData("?size=abc", SkipReasons.Unparseable)]
    public void Analyze_UrlParameters_DecideToo(string query, string reason)
    {
        using var plan = Analyze("", query);
        Assert.Equal(reason, plan.SkipReason);
    }

    [Fact]
    public void Analyze_SourceFromBodyAndUrl_UrlWins()
    {
        using var plan = Analyze("""{"_source": ["title"]}""", "?_source_includes=brand,price&_source_excludes=price");
        Assert.Equal(["brand", "price"], plan.Source.Includes);
        Assert.Equal(["price"], plan.Source.Excludes);
    }

    [Theory]
    [InlineData("""{"_source": false}""", false, "", "")]
    [InlineData("""{"_source": "title"}""", true, "title", "")]
    [InlineData("""{"_source": {"includes": ["t*"], "excludes": "x"}}""", true, "t*", "x")]
    [InlineData("""{"_source": true}""", true, "", "")]
    public void Analyze_SourceForms_AreUnderstood(string body, bool enabled, string includes, string excludes)
    {
        using var plan = Analyze(body);
        Assert.Equal(enabled, plan.Source.Enabled);
        Assert.Equal(includes, string.Join(",", plan.Source.Includes));
        Assert.Equal(excludes, string.Join(",", plan.Source.Excludes));
    }
}
