using System.Text.Json;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class SearchOptionsTests : IClassFixture<StandInFixture>, IAsyncLifetime
{
    private readonly EsHttp _es;
    private string _index = "";

    public SearchOptionsTests(StandInFixture fixture) => _es = fixture.Http;

    public async ValueTask InitializeAsync() => _index = await _es.CreateProductsIndexAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Response_HasElasticsearchShape()
    {
        var reply = await Search("""{"query":{"match":{"title":"kindle"}}}""");

        Assert.True(reply.Json.GetProperty("took").GetInt64() >= 0);
        Assert.False(reply.Json.GetProperty("timed_out").GetBoolean());
        var shards = reply.Json.GetProperty("_shards");
        Assert.Equal(1, shards.GetProperty("total").GetInt32());
        Assert.Equal(1, shards.GetProperty("successful").GetInt32());
        Assert.Equal(0, shards.GetProperty("skipped").GetInt32());
        Assert.Equal(0, shards.GetProperty("failed").GetInt32());
        Assert.Equal("eq", reply.TotalRelation);
        // "Kindle case cover for Paperwhite" has 4 indexed tokens ("for" is a stop word), doc 1 has 5.
        Assert.Equal(["2", "1"], reply.Ids);
        var hit = reply.Hits[0];
        Assert.Equal(_index, hit.GetProperty("_index").GetString());
        Assert.Equal(JsonValueKind.Number, hit.GetProperty("_score").ValueKind);
        Assert.Equal("Fintie", hit.GetProperty("_source").GetProperty("brand").GetString());
        Assert.Equal(hit.GetProperty("_score").GetDouble(), reply.Json.GetProperty("hits").GetProperty("max_score").GetDouble());
    }

    [Fact]
    public async Task FromAndSize_PageThroughSortedResults()
    {
        var pages = new List<string>();
        for (var from = 0; from < 6; from += 2)
        {
            pages.AddRange((await Search($$"""{"from":{{from}},"size":2,"sort":[{"price":"asc"}]}""")).Ids);
        }

        Assert.Equal(["2", "5", "4", "1", "3", "6"], pages);
        Assert.Equal(["4", "1"], (await _es.GetAsync($"/{_index}/_search?from=2&size=2&sort=price:asc")).Ids);
    }

    [Fact]
    public async Task Size_DefaultsToTen()
    {
        var docs = Enumerable.Range(0, 12).Select(i => (i.ToString("D2"), $$"""{"n":{{i}}}""")).ToArray();
        var index = await _es.CreateIndexWithDocsAsync(null, docs);

        var reply = await _es.SearchAsync(index, "{}");

        Assert.Equal(10, reply.Ids.Count);
        Assert.Equal(12, reply.TotalValue);
    }

    [Theory]
    [InlineData("false", null)]
    [InlineData("\"brand\"", """{"brand":"Sony"}""")]
    [InlineData("[\"bra*\",\"price\"]", """{"brand":"Sony","price":199.0}""")]
    [InlineData("""{"includes":["b*","price"],"excludes":["price"]}""", """{"brand":"Sony"}""")]
    [InlineData("""{"excludes":["title","description","category","rating*","in_stock","released","price"]}""", """{"brand":"Sony"}""")]
    public async Task SourceFiltering_InBody(string source, string? expected)
    {
        var reply = await Search($$$"""{"query":{"ids":{"values":["3"]}},"_source":{{{source}}}}""");

        var hit = reply.Hits[0];
        if (expected is null)
        {
            Assert.False(hit.TryGetProperty("_source", out _));
        }
        else
        {
            Assert.Equal(expected, hit.GetProperty("_source").GetRawText());
        }
    }

    [Fact]
    public async Task SourceFiltering_InUrl()
    {
        var reply = await _es.GetAsync($"/{_index}/_search?q=brand:Sony&_source_includes=brand,price&_source_excludes=price");

        Assert.Equal("""{"brand":"Sony"}""", reply.Hits[0].GetProperty("_source").GetRawText());
    }

    [Fact]
    public async Task TrackTotalHits_ControlsTotal()
    {
        var off = await Search("""{"track_total_hits":false}""");
        var capped = await Search("""{"track_total_hits":3}""");
        var exact = await Search("""{"track_total_hits":true}""");
        var asInt = await _es.GetAsync($"/{_index}/_search?rest_total_hits_as_int=true");

        Assert.False(off.Json.GetProperty("hits").TryGetProperty("total", out _));
        Assert.Equal(3, capped.TotalValue);
        Assert.Equal("gte", capped.TotalRelation);
        Assert.Equal(6, exact.TotalValue);
        Assert.Equal("eq", exact.TotalRelation);
        Assert.Equal(6, asInt.Json.GetProperty("hits").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task ResultWindowTooLarge_Returns400()
    {
        var reply = await Search("""{"from":9995,"size":10}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("illegal_argument_exception", reply.RootCauseType);
        Assert.Contains("Result window is too large", reply.Json.GetProperty("error").GetProperty("root_cause")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SizeZero_ReturnsTotalWithoutHits()
    {
        var reply = await Search("""{"size":0,"query":{"match":{"title":"kindle"}}}""");

        Assert.Empty(reply.Ids);
        Assert.Equal(2, reply.TotalValue);
        Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("hits").GetProperty("max_score").ValueKind);
    }

    [Fact]
    public async Task PostFilter_FiltersHitsButNotAggregations()
    {
        var reply = await Search("""{"post_filter":{"term":{"brand":"Sony"}},"aggs":{"brands":{"terms":{"field":"brand"}}}}""");

        Assert.Equal(["3"], reply.Ids);
        Assert.Equal(6, reply.Json.GetProperty("aggregations").GetProperty("brands").GetProperty("buckets").GetArrayLength());
    }

    [Fact]
    public async Task MinScore_DropsLowScoringHits()
    {
        var all = await Search("""{"query":{"match":{"title":"kindle waterproof"}}}""");
        var threshold = all.Score("1") - 0.0001;

        var reply = await Search($$$"""{"query":{"match":{"title":"kindle waterproof"}},"min_score":{{{threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}""");

        Assert.Equal(["1"], reply.Ids);
    }

    [Fact]
    public async Task VersionAndSeqNo_AreReturnedWhenRequested()
    {
        var reply = await Search("""{"query":{"ids":{"values":["1"]}},"version":true,"seq_no_primary_term":true}""");

        var hit = reply.Hits[0];
        Assert.Equal(1, hit.GetProperty("_version").GetInt64());
        Assert.Equal(1, hit.GetProperty("_primary_term").GetInt64());
        Assert.True(hit.TryGetProperty("_seq_no", out _));
    }

    [Fact]
    public async Task FieldsOption_ReturnsValuesFromSource()
    {
        var reply = await Search("""{"query":{"ids":{"values":["1"]}},"fields":["brand","category"],"_source":false}""");

        var fields = reply.Hits[0].GetProperty("fields");
        Assert.Equal("""["Amazon"]""", fields.GetProperty("brand").GetRawText());
        Assert.Equal("""["Electronics","E-readers"]""", fields.GetProperty("category").GetRawText());
    }

    [Fact]
    public async Task Count_ReturnsMatchingDocuments()
    {
        var all = await _es.GetAsync($"/{_index}/_count");
        var some = await _es.PostAsync($"/{_index}/_count", """{"query":{"term":{"category":"Electronics"}}}""");

        Assert.Equal(6, all.Json.GetProperty("count").GetInt64());
        Assert.Equal(3, some.Json.GetProperty("count").GetInt64());
    }

    private Task<EsReply> Search(string body) => _es.SearchAsync(_index, body);
}
