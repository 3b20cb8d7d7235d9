using System.Text.Json;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Aggregations;

public sealed class AggregationTests : IClassFixture<StandInFixture>, IAsyncLifetime
{
    private readonly EsHttp _es;
    private string _index = "";

    public AggregationTests(StandInFixture fixture) => _es = fixture.Http;

    public async ValueTask InitializeAsync() => _index = await _es.CreateProductsIndexAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Terms_OnMultiValuedKeyword_CountsDocsByCountThenKey()
    {
        var agg = await Aggregate("""{"cats":{"terms":{"field":"category"}}}""", "cats");

        var buckets = Buckets(agg);
        Assert.Equal(("Electronics", 3L), buckets[0]);
        Assert.Equal(("Audio", 2L), buckets[1]);
        Assert.Equal(["Accessories", "E-readers", "Office", "Shoes", "Sports"], buckets.Skip(2).Select(b => b.Key));
        Assert.Equal(0, agg.GetProperty("doc_count_error_upper_bound").GetInt64());
        Assert.Equal(0, agg.GetProperty("sum_other_doc_count").GetInt64());
    }

    [Fact]
    public async Task Terms_WithSize_ReportsSumOtherDocCount()
    {
        var agg = await Aggregate("""{"cats":{"terms":{"field":"category","size":2}}}""", "cats");

        Assert.Equal(2, Buckets(agg).Count);
        Assert.Equal(5, agg.GetProperty("sum_other_doc_count").GetInt64());
    }

    [Fact]
    public async Task Terms_OnBooleanAndLongFields_UseNumericKeys()
    {
        var stock = await Aggregate("""{"s":{"terms":{"field":"in_stock"}}}""", "s");
        var counts = await Aggregate("""{"c":{"terms":{"field":"rating_count","size":1,"order":{"_key":"asc"}}}}""", "c");

        var first = stock.GetProperty("buckets")[0];
        Assert.Equal(1, first.GetProperty("key").GetInt64());
        Assert.Equal("true", first.GetProperty("key_as_string").GetString());
        Assert.Equal(4, first.GetProperty("doc_count").GetInt64());
        Assert.Equal(90, counts.GetProperty("buckets")[0].GetProperty("key").GetInt64());
    }

    [Fact]
    public async Task Metrics_AvgMinMaxSumValueCount()
    {
        var reply = await Search("""{"size":0,"aggs":{"avg":{"avg":{"field":"price"}},"min":{"min":{"field":"price"}},"max":{"max":{"field":"price"}},"sum":{"sum":{"field":"price"}},"n":{"value_count":{"field":"price"}}}}""");

        var aggs = reply.Json.GetProperty("aggregations");
        Assert.Equal(96.886, aggs.GetProperty("avg").GetProperty("value").GetDouble(), 6);
        Assert.Equal(15.99, aggs.GetProperty("min").GetProperty("value").GetDouble(), 6);
        Assert.Equal(199.0, aggs.GetProperty("max").GetProperty("value").GetDouble(), 6);
        Assert.Equal(484.43, aggs.GetProperty("sum").GetProperty("value").GetDouble(), 6);
        Assert.Equal(5, aggs.GetProperty("n").GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task Metrics_OnEmptyResult_AreNullOrZero()
    {
        var reply = await Search("""{"query":{"match_none":{}},"aggs":{"avg":{"avg":{"field":"price"}},"sum":{"sum":{"field":"price"}},"n":{"value_count":{"field":"price"}}}}""");

        var aggs = reply.Json.GetProperty("aggregations");
        Assert.Equal(JsonValueKind.Null, aggs.GetProperty("avg").GetProperty("value").ValueKind);
        Assert.Equal(0.0, aggs.GetProperty("sum").GetProperty("value").GetDouble());
        Assert.Equal(0, aggs.GetProperty("n").GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task StatsCardinalityAndDateMetrics()
    {
        var reply = await Search("""{"size":0,"aggs":{"st":{"stats":{"field":"rating_count"}},"brands":{"cardinality":{"field":"brand"}},"first":{"min":{"field":"released"}}}}""");

        var aggs = reply.Json.GetProperty("aggregations");
        var stats = aggs.GetProperty("st");
        Assert.Equal(6, stats.GetProperty("count").GetInt64());
        Assert.Equal(90, stats.GetProperty("min").GetDouble());
        Assert.Equal(3100, stats.GetProperty("max").GetDouble());
        Assert.Equal(7990, stats.GetProperty("sum").GetDouble());
        Assert.Equal(6, aggs.GetProperty("brands").GetProperty("value").GetInt64());
        Assert.Equal("2019-03-10T00:00:00.000Z", aggs.GetProperty("first").GetProperty("value_as_string").GetString());
    }

    [Fact]
    public async Task Aggregations_RespectTheQuery()
    {
        var reply = await Search("""{"query":{"term":{"in_stock":true}},"aggs":{"avg_price":{"avg":{"field":"price"}}}}""");

        Assert.Equal(71.3575, reply.Json.GetProperty("aggregations").GetProperty("avg_price").GetProperty("value").GetDouble(), 6);
    }

    [Fact]
    public async Task Terms_WithSubAggregation_OrderedByMetric()
    {
        var agg = await Aggregate("""{"cats":{"terms":{"field":"category","order":{"avg_price":"desc"}},"aggs":{"avg_price":{"avg":{"field":"price"}}}}}""", "cats");

        var first = agg.GetProperty("buckets")[0];
        Assert.Equal("E-readers", first.GetProperty("key").GetString());
        Assert.Equal(129.99, first.GetProperty("avg_price").GetProperty("value").GetDouble(), 6);
        Assert.Equal("Electronics", agg.GetProperty("buckets")[1].GetProperty("key").GetString());
    }

    [Fact]
    public async Task TypedKeys_PrefixesAggregationNamesWithTypes()
    {
        var reply = await _es.PostAsync($"/{_index}/_search?typed_keys=true", """{"size":0,"aggs":{"cats":{"terms":{"field":"category"},"aggs":{"p":{"max":{"field":"price"}}}},"counts":{"terms":{"field":"rating_count"}},"r":{"terms":{"field":"rating"}}}}""");

        var aggs = reply.Json.GetProperty("aggregations");
        Assert.True(aggs.TryGetProperty("sterms#cats", out var cats));
        Assert.True(cats.GetProperty("buckets")[0].TryGetProperty("max#p", out _));
        Assert.True(aggs.TryGetProperty("lterms#counts", out _));
        Assert.True(aggs.TryGetProperty("dterms#r", out _));
    }

    [Fact]
    public async Task UnknownAggregationType_Returns400ParsingException()
    {
        var reply = await Search("""{"aggs":{"x":{"no_such_agg":{"field":"price"}}}}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("parsing_exception", reply.ErrorType);
    }

    [Fact]
    public async Task TermsOnTextField_Returns400FielddataDisabled()
    {
        var reply = await Search("""{"aggs":{"x":{"terms":{"field":"title"}}}}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("illegal_argument_exception", reply.RootCauseType);
        Assert.Contains("Fielddata is disabled", reply.Json.GetProperty("error").GetProperty("root_cause")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Aggregations_AreIndependentOfHitOrderAndPaging()
    {
        var byScore = await Search("""{"query":{"match":{"description":"beach"}},"aggs":{"b":{"terms":{"field":"brand"}}}}""");
        var sortedPaged = await Search("""{"query":{"match":{"description":"beach"}},"sort":[{"price":"asc"}],"from":1,"size":1,"aggs":{"b":{"terms":{"field":"brand"}}}}""");

        Assert.Equal(byScore.Json.GetProperty("aggregations").GetRawText(), sortedPaged.Json.GetProperty("aggregations").GetRawText());
    }

    private Task<EsReply> Search(string body) => _es.SearchAsync(_index, body);

    private async Task<JsonElement> Aggregate(string aggs, string name)
    {
        var reply = await Search($$"""{"size":0,"aggs":{{aggs}}}""");
        Assert.Equal(200, reply.StatusCode);
        return reply.Json.GetProperty("aggregations").GetProperty(name);
    }

    private static List<(string Key, long Count)> Buckets(JsonElement agg) =>
        [.. agg.GetProperty("buckets").EnumerateArray().Select(b => (b.GetProperty("key").GetString()!, b.GetProperty("doc_count").GetInt64()))];
}
