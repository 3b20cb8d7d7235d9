using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Documents;

public sealed class DocumentApiTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public DocumentApiTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task IndexDoc_Twice_CreatesThenUpdatesWithVersionsAndSeqNo()
    {
        var index = await _es.CreateIndexAsync();

        var created = await _es.PutAsync($"/{index}/_doc/1", """{"title":"first"}""");
        var updated = await _es.PostAsync($"/{index}/_doc/1", """{"title":"second"}""");
        var get = await _es.GetAsync($"/{index}/_doc/1");

        Assert.Equal(201, created.StatusCode);
        Assert.Equal("created", created.Json.GetProperty("result").GetString());
        Assert.Equal(1, created.Json.GetProperty("_version").GetInt64());
        Assert.Equal(0, created.Json.GetProperty("_seq_no").GetInt64());
        Assert.Equal(200, updated.StatusCode);
        Assert.Equal("updated", updated.Json.GetProperty("result").GetString());
        Assert.Equal(2, updated.Json.GetProperty("_version").GetInt64());
        Assert.Equal(1, updated.Json.GetProperty("_seq_no").GetInt64());
        Assert.True(get.Json.GetProperty("found").GetBoolean());
        Assert.Equal(2, get.Json.GetProperty("_version").GetInt64());
        Assert.Equal(1, get.Json.GetProperty("_primary_term").GetInt64());
        Assert.Equal("second", get.Json.GetProperty("_source").GetProperty("title").GetString());
    }

    [Fact]
    public async Task PostDoc_WithoutId_GeneratesId()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PostAsync($"/{index}/_doc", """{"a":1}""");

        Assert.Equal(201, reply.StatusCode);
        var id = reply.Json.GetProperty("_id").GetString()!;
        Assert.Equal(20, id.Length);
        Assert.Equal(200, (await _es.GetAsync($"/{index}/_doc/{id}")).StatusCode);
    }

    [Fact]
    public async Task IndexDoc_AutoCreatesIndex()
    {
        var index = "autodoc-" + Guid.NewGuid().ToString("N")[..8];

        var reply = await _es.PutAsync($"/{index}/_doc/1", """{"a":1}""");

        Assert.Equal(201, reply.StatusCode);
        Assert.Equal(200, (await _es.HeadAsync("/" + index)).StatusCode);
    }

    [Theory]
    [InlineData("/_create/1")]
    [InlineData("/_doc/1?op_type=create")]
    public async Task CreateDoc_ExistingId_Returns409(string path)
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var reply = await _es.PutAsync($"/{index}{path}", """{"a":2}""");

        Assert.Equal(409, reply.StatusCode);
        Assert.Equal("version_conflict_engine_exception", reply.ErrorType);
    }

    [Fact]
    public async Task GetDoc_Missing_Returns404FoundFalse()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.GetAsync($"/{index}/_doc/missing");

        Assert.Equal(404, reply.StatusCode);
        Assert.False(reply.Json.GetProperty("found").GetBoolean());
        Assert.Equal(index, reply.Json.GetProperty("_index").GetString());
        Assert.Equal("missing", reply.Json.GetProperty("_id").GetString());
    }

    [Fact]
    public async Task GetDoc_MissingIndex_Returns404IndexNotFound()
    {
        var reply = await _es.GetAsync("/no-such-index/_doc/1");

        Assert.Equal(404, reply.StatusCode);
        Assert.Equal("index_not_found_exception", reply.ErrorType);
    }

    [Fact]
    public async Task GetDoc_SourceParameters_FilterTheSource()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"title":"t","brand":"b","meta":{"x":1,"y":2}}"""));

        var none = await _es.GetAsync($"/{index}/_doc/1?_source=false");
        var some = await _es.GetAsync($"/{index}/_doc/1?_source=title,meta.x");
        var excluded = await _es.GetAsync($"/{index}/_doc/1?_source_excludes=meta");
        var sourceOnly = await _es.GetAsync($"/{index}/_source/1");

        Assert.False(none.Json.TryGetProperty("_source", out _));
        Assert.Equal("""{"title":"t","meta":{"x":1}}""", some.Json.GetProperty("_source").GetRawText());
        Assert.Equal("""{"title":"t","brand":"b"}""", excluded.Json.GetProperty("_source").GetRawText());
        Assert.Equal("b", sourceOnly.Json.GetProperty("brand").GetString());
    }

    [Fact]
    public async Task HeadDoc_Returns200WhenPresentAnd404Otherwise()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        Assert.Equal(200, (await _es.HeadAsync($"/{index}/_doc/1")).StatusCode);
        Assert.Equal(404, (await _es.HeadAsync($"/{index}/_doc/2")).StatusCode);
    }

    [Fact]
    public async Task DeleteDoc_RemovesItAndIncrementsVersion()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var deleted = await _es.DeleteAsync($"/{index}/_doc/1");
        var getAfterDelete = await _es.GetAsync($"/{index}/_doc/1");
        var again = await _es.DeleteAsync($"/{index}/_doc/1");
        var recreated = await _es.PutAsync($"/{index}/_doc/1", """{"a":2}""");

        Assert.Equal(200, deleted.StatusCode);
        Assert.Equal("deleted", deleted.Json.GetProperty("result").GetString());
        Assert.Equal(2, deleted.Json.GetProperty("_version").GetInt64());
        Assert.Equal(404, getAfterDelete.StatusCode);
        Assert.Equal(404, again.StatusCode);
        Assert.Equal("not_found", again.Json.GetProperty("result").GetString());
        Assert.Equal(3, recreated.Json.GetProperty("_version").GetInt64());
        Assert.Equal("created", recreated.Json.GetProperty("result").GetString());
    }

    [Fact]
    public async Task UpdateDoc_MergesPartialDocumentAndIncrementsVersion()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"title":"t","meta":{"x":1,"y":2},"tags":["a"]}"""));

        var reply = await _es.PostAsync($"/{index}/_update/1", """{"doc":{"meta":{"y":3},"tags":["b","c"],"new":true}}""");
        var get = await _es.GetAsync($"/{index}/_doc/1");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("updated", reply.Json.GetProperty("result").GetString());
        Assert.Equal(2, reply.Json.GetProperty("_version").GetInt64());
        Assert.Equal("""{"title":"t","meta":{"x":1,"y":3},"tags":["b","c"],"new":true}""", get.Json.GetProperty("_source").GetRawText());
    }

    [Fact]
    public async Task UpdateDoc_Missing_Returns404DocumentMissing()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PostAsync($"/{index}/_update/nope", """{"doc":{"a":1}}""");

        Assert.Equal(404, reply.StatusCode);
        Assert.Equal("document_missing_exception", reply.ErrorType);
        Assert.Equal("[nope]: document missing", reply.ErrorReason);
    }

    [Fact]
    public async Task UpdateDoc_DocAsUpsert_CreatesMissingDocument()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PostAsync($"/{index}/_update/u1", """{"doc":{"a":1},"doc_as_upsert":true}""");

        Assert.Equal(201, reply.StatusCode);
        Assert.Equal("created", reply.Json.GetProperty("result").GetString());
        Assert.Equal(1, (await _es.GetAsync($"/{index}/_doc/u1")).Json.GetProperty("_source").GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task UpdateDoc_WithoutChanges_ReturnsNoop()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var reply = await _es.PostAsync($"/{index}/_update/1", """{"doc":{"a":1}}""");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("noop", reply.Json.GetProperty("result").GetString());
        Assert.Equal(1, reply.Json.GetProperty("_version").GetInt64());
    }

    [Fact]
    public async Task IndexDoc_WithStaleIfSeqNo_Returns409()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var stale = await _es.PutAsync($"/{index}/_doc/1?if_seq_no=5&if_primary_term=1", """{"a":2}""");
        var fresh = await _es.PutAsync($"/{index}/_doc/1?if_seq_no=0&if_primary_term=1", """{"a":2}""");

        Assert.Equal(409, stale.StatusCode);
        Assert.Equal(200, fresh.StatusCode);
    }

    [Fact]
    public async Task IndexDoc_WithRefreshTrue_ReportsForcedRefreshAndIsSearchable()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PutAsync($"/{index}/_doc/1?refresh=true", """{"title":"visible"}""");
        var search = await _es.SearchAsync(index, """{"query":{"match":{"title":"visible"}}}""");

        Assert.True(reply.Json.GetProperty("forced_refresh").GetBoolean());
        Assert.Equal(["1"], search.Ids);
    }

    [Fact]
    public async Task Writes_AreVisibleToTheNextSearchWithoutRefresh()
    {
        var index = await _es.CreateIndexAsync();

        await _es.PutAsync($"/{index}/_doc/1", """{"title":"soon"}""");
        var search = await _es.SearchAsync(index, """{"query":{"match":{"title":"soon"}}}""");

        Assert.Equal(["1"], search.Ids);
    }

    [Fact]
    public async Task MultiGet_ReturnsFoundAndMissingDocs()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var reply = await _es.PostAsync($"/{index}/_mget", """{"ids":["1","2"]}""");

        var docs = reply.Json.GetProperty("docs");
        Assert.True(docs[0].GetProperty("found").GetBoolean());
        Assert.False(docs[1].GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task IndexDoc_MalformedJson_Returns400()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PutAsync($"/{index}/_doc/1", """{"a":""");

        Assert.Equal(400, reply.StatusCode);
    }
}
