using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class MultiIndexAndMultiSearchTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public MultiIndexAndMultiSearchTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task Search_WildcardTarget_SearchesAllMatchingIndices()
    {
        var prefix = "tgt" + Guid.NewGuid().ToString("N")[..6];
        await CreateAsync($"{prefix}-one", ("a", """{"title":"shared word"}"""));
        await CreateAsync($"{prefix}-two", ("b", """{"title":"shared word"}"""));

        var reply = await _es.SearchAsync($"{prefix}-*", """{"query":{"match":{"title":"shared"}}}""");

        Assert.Equal(["a", "b"], reply.Ids.Order());
        Assert.Equal(2, reply.Json.GetProperty("_shards").GetProperty("total").GetInt32());
        Assert.Equal([$"{prefix}-one", $"{prefix}-two"], reply.Hits.EnumerateArray().Select(h => h.GetProperty("_index").GetString()).Order());
    }

    [Fact]
    public async Task Search_CommaListWithMissingIndex_Returns404UnlessIgnoreUnavailable()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var missing = await _es.SearchAsync($"{index},absent-index", "{}");
        var ignored = await _es.PostAsync($"/{index},absent-index/_search?ignore_unavailable=true", "{}");

        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("absent-index", missing.Json.GetProperty("error").GetProperty("resource.id").GetString());
        Assert.Equal(["1"], ignored.Ids);
    }

    [Fact]
    public async Task Search_WildcardMatchingNothing_ReturnsEmptyResult()
    {
        var reply = await _es.SearchAsync("nothing-matches-this-*", "{}");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(0, reply.TotalValue);
        Assert.Equal(0, reply.Json.GetProperty("_shards").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task MultiSearch_RunsEachSearchAndReportsErrorsPerItem()
    {
        var index = await _es.CreateProductsIndexAsync();

        var header = "{\"index\":\"" + index + "\"}\n";
        var ndjson = header + """{"query":{"term":{"brand":"Sony"}}}""" + "\n"
            + header + """{"query":{"bogus":{}}}""" + "\n"
            + """{"index":"absent-index"}""" + "\n{}\n";
        var reply = await _es.BulkAsync("/_msearch", ndjson);

        var responses = reply.Json.GetProperty("responses");
        Assert.Equal(3, responses.GetArrayLength());
        Assert.Equal(200, responses[0].GetProperty("status").GetInt32());
        Assert.Equal("3", responses[0].GetProperty("hits").GetProperty("hits")[0].GetProperty("_id").GetString());
        Assert.Equal(400, responses[1].GetProperty("status").GetInt32());
        Assert.Equal("parsing_exception", responses[1].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(404, responses[2].GetProperty("status").GetInt32());
    }

    private async Task CreateAsync(string name, params (string Id, string Json)[] docs)
    {
        await _es.PutAsync("/" + name);
        foreach (var (id, json) in docs)
        {
            await _es.PutAsync($"/{name}/_doc/{id}?refresh=true", json);
        }
    }
}
