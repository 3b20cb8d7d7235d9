using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Http;

public sealed class ClusterAndRoutingTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public ClusterAndRoutingTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task Info_ReturnsClusterInfoWithVersion9()
    {
        var reply = await _es.GetAsync("/");

        Assert.Equal(200, reply.StatusCode);
        var version = reply.Json.GetProperty("version");
        Assert.Equal("9.1.0", version.GetProperty("number").GetString());
        Assert.Equal("default", version.GetProperty("build_flavor").GetString());
        Assert.False(string.IsNullOrEmpty(version.GetProperty("lucene_version").GetString()));
        Assert.False(string.IsNullOrEmpty(version.GetProperty("minimum_wire_compatibility_version").GetString()));
        Assert.False(string.IsNullOrEmpty(version.GetProperty("minimum_index_compatibility_version").GetString()));
        Assert.Equal("You Know, for Search", reply.Json.GetProperty("tagline").GetString());
        Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("cluster_uuid").GetString()));
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/missing-index/_search")]
    [InlineData("GET", "/_cluster/health")]
    [InlineData("DELETE", "/_search")]
    public async Task AllResponses_CarryProductHeaderAndJsonContentType(string method, string path)
    {
        var reply = await _es.SendAsync(new HttpMethod(method), path);

        Assert.Equal("Elasticsearch", Assert.Single(reply.Message.Headers.GetValues("X-Elastic-Product")));
        Assert.Equal("application/json", reply.Message.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Head_OnRootAndIndex_Returns200Or404WithoutBody()
    {
        var index = await _es.CreateIndexAsync();

        Assert.Equal(200, (await _es.HeadAsync("/")).StatusCode);
        Assert.Equal(200, (await _es.HeadAsync("/" + index)).StatusCode);
        var missing = await _es.HeadAsync("/no-such-index");
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("", missing.Body);
    }

    [Fact]
    public async Task UnknownRoute_Returns400NoHandlerFound()
    {
        var reply = await _es.GetAsync("/some-index/_nonsense");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("no handler found for uri [/some-index/_nonsense] and method [GET]", reply.Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WrongMethod_Returns405WithAllowedMethods()
    {
        var reply = await _es.DeleteAsync("/_search");

        Assert.Equal(405, reply.StatusCode);
        Assert.Contains("allowed: [GET, POST]", reply.Json.GetProperty("error").GetString());
        Assert.Equal(405, reply.Json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Pretty_ReturnsIndentedJson()
    {
        var pretty = await _es.GetAsync("/?pretty");
        var compact = await _es.GetAsync("/");

        Assert.Contains("\n  \"name\"", pretty.Body);
        Assert.DoesNotContain("\n", compact.Body);
        Assert.Equal(compact.Json.GetProperty("name").GetString(), pretty.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ClusterHealth_ReportsStatusAndShards()
    {
        await _es.CreateIndexAsync();

        var reply = await _es.GetAsync("/_cluster/health");

        Assert.Equal(200, reply.StatusCode);
        Assert.Contains(reply.Json.GetProperty("status").GetString(), new[] { "green", "yellow" });
        Assert.True(reply.Json.GetProperty("active_primary_shards").GetInt32() >= 1);
    }

    [Fact]
    public async Task CatIndices_ListsIndicesAsJson()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var reply = await _es.GetAsync("/_cat/indices?format=json");

        var row = reply.Json.EnumerateArray().Single(r => r.GetProperty("index").GetString() == index);
        Assert.Equal("1", row.GetProperty("docs.count").GetString());
    }
}
