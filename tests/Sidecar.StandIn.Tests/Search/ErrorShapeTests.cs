using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class ErrorShapeTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public ErrorShapeTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task Search_MissingIndex_Returns404IndexNotFoundShapedLikeElasticsearch()
    {
        var reply = await _es.SearchAsync("missing-products", """{"query":{"match_all":{}}}""");

        Assert.Equal(404, reply.StatusCode);
        Assert.Equal(404, reply.Json.GetProperty("status").GetInt32());
        var error = reply.Json.GetProperty("error");
        Assert.Equal("index_not_found_exception", error.GetProperty("type").GetString());
        Assert.Equal("no such index [missing-products]", error.GetProperty("reason").GetString());
        Assert.Equal("missing-products", error.GetProperty("index").GetString());
        Assert.Equal("missing-products", error.GetProperty("resource.id").GetString());
        Assert.Equal("index_or_alias", error.GetProperty("resource.type").GetString());
        var rootCause = error.GetProperty("root_cause")[0];
        Assert.Equal("index_not_found_exception", rootCause.GetProperty("type").GetString());
        Assert.Equal("missing-products", rootCause.GetProperty("index").GetString());
    }

    [Fact]
    public async Task Search_UnknownQueryType_Returns400ParsingException()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.SearchAsync(index, """{"query":{"fancy_new_query":{"field":"x"}}}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("parsing_exception", reply.ErrorType);
        Assert.Equal("parsing_exception", reply.RootCauseType);
        Assert.Equal("unknown query [fancy_new_query]", reply.ErrorReason);
    }

    [Theory]
    [InlineData("""{"query":{"match":""")]
    [InlineData("""{"query" "match_all"}""")]
    public async Task Search_MalformedJson_Returns400(string body)
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.SearchAsync(index, body);

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("x_content_parse_exception", reply.ErrorType);
    }

    [Fact]
    public async Task Search_UnknownTopLevelKey_Returns400()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.SearchAsync(index, """{"querry":{"match_all":{}}}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("parsing_exception", reply.ErrorType);
        Assert.Contains("[querry]", reply.ErrorReason);
    }

    [Theory]
    [InlineData("""{"search_after":[1]}""", "search_after")]
    [InlineData("""{"query":{"function_score":{}}}""", "function_score")]
    [InlineData("""{"knn":{"field":"v","query_vector":[1],"k":1}}""", "knn")]
    [InlineData("""{"aggs":{"h":{"histogram":{"field":"n","interval":1}}}}""", "histogram")]
    public async Task Search_UnsupportedFeatures_Return400WithClearMessage(string body, string feature)
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.SearchAsync(index, body);

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("illegal_argument_exception", reply.ErrorType);
        Assert.Contains(feature, reply.ErrorReason);
        Assert.Contains("not supported", reply.ErrorReason);
    }

    [Fact]
    public async Task Search_ScrollParameter_Returns400()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PostAsync($"/{index}/_search?scroll=1m", "{}");

        Assert.Equal(400, reply.StatusCode);
    }

    [Fact]
    public async Task Search_NonNumericValueForNumericField_Returns400()
    {
        var index = await _es.CreateIndexAsync("""{"mappings":{"properties":{"price":{"type":"double"}}}}""");

        var reply = await _es.SearchAsync(index, """{"query":{"term":{"price":"cheap"}}}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("search_phase_execution_exception", reply.ErrorType);
        Assert.Equal("query_shard_exception", reply.RootCauseType);
    }

    [Fact]
    public async Task Search_NegativeSize_Returns400()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.SearchAsync(index, """{"size":-1}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("illegal_argument_exception", reply.ErrorType);
    }
}
