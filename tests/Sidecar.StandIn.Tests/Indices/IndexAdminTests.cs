using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Indices;

public sealed class IndexAdminTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public IndexAdminTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task CreateIndex_ReturnsAcknowledged()
    {
        var reply = await _es.PutAsync("/create-ack", """{"settings":{"number_of_shards":1},"mappings":{"properties":{"title":{"type":"text"}}}}""");

        Assert.Equal(200, reply.StatusCode);
        Assert.True(reply.Json.GetProperty("acknowledged").GetBoolean());
        Assert.True(reply.Json.GetProperty("shards_acknowledged").GetBoolean());
        Assert.Equal("create-ack", reply.Json.GetProperty("index").GetString());
    }

    [Fact]
    public async Task CreateIndex_Existing_Returns400ResourceAlreadyExists()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PutAsync("/" + index);

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("resource_already_exists_exception", reply.ErrorType);
        Assert.Equal("resource_already_exists_exception", reply.RootCauseType);
    }

    [Theory]
    [InlineData("UpperCase", "must be lowercase")]
    [InlineData("_underscore", "must not start with")]
    [InlineData("-dash", "must not start with")]
    [InlineData("+plus", "must not start with")]
    [InlineData("a%2Ab", "must not contain")]
    public async Task CreateIndex_InvalidName_Returns400InvalidIndexName(string name, string why)
    {
        var reply = await _es.PutAsync("/" + name);

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("invalid_index_name_exception", reply.ErrorType);
        Assert.Contains(why, reply.ErrorReason);
    }

    [Fact]
    public async Task GetMapping_ReturnsExplicitAndDynamicFields()
    {
        var index = await _es.CreateIndexWithDocsAsync(
            """{"mappings":{"properties":{"title":{"type":"text","analyzer":"standard","fields":{"keyword":{"type":"keyword"}}}}}}""",
            ("1", """{"title":"x","count":3,"ratio":0.5,"ok":true,"when":"2024-01-02","user":{"name":"ann","age":30},"tags":["a","b"]}"""));

        var reply = await _es.GetAsync($"/{index}/_mapping");

        var props = reply.Json.GetProperty(index).GetProperty("mappings").GetProperty("properties");
        Assert.Equal("standard", props.GetProperty("title").GetProperty("analyzer").GetString());
        Assert.Equal("keyword", props.GetProperty("title").GetProperty("fields").GetProperty("keyword").GetProperty("type").GetString());
        Assert.Equal("long", props.GetProperty("count").GetProperty("type").GetString());
        Assert.Equal("float", props.GetProperty("ratio").GetProperty("type").GetString());
        Assert.Equal("boolean", props.GetProperty("ok").GetProperty("type").GetString());
        Assert.Equal("date", props.GetProperty("when").GetProperty("type").GetString());
        Assert.Equal("text", props.GetProperty("tags").GetProperty("type").GetString());
        Assert.Equal(256, props.GetProperty("tags").GetProperty("fields").GetProperty("keyword").GetProperty("ignore_above").GetInt32());
        var user = props.GetProperty("user").GetProperty("properties");
        Assert.Equal("long", user.GetProperty("age").GetProperty("type").GetString());
        Assert.Equal("text", user.GetProperty("name").GetProperty("type").GetString());
    }

    [Fact]
    public async Task DynamicObjectFields_AreSearchableByDottedName()
    {
        var index = await _es.CreateIndexWithDocsAsync(null,
            ("1", """{"user":{"name":"ann","address":{"city":"Paris"}}}"""),
            ("2", """{"user":{"name":"bob","address":{"city":"Rome"}}}"""));

        var reply = await _es.SearchAsync(index, """{"query":{"term":{"user.address.city.keyword":"Rome"}}}""");

        Assert.Equal(["2"], reply.Ids);
    }

    [Fact]
    public async Task GetIndex_ReturnsAliasesMappingsAndSettings()
    {
        var index = await _es.CreateIndexAsync("""{"settings":{"index":{"number_of_replicas":0}},"mappings":{"properties":{"n":{"type":"integer"}}}}""");

        var reply = await _es.GetAsync("/" + index);

        var body = reply.Json.GetProperty(index);
        Assert.Equal("integer", body.GetProperty("mappings").GetProperty("properties").GetProperty("n").GetProperty("type").GetString());
        var settings = body.GetProperty("settings").GetProperty("index");
        Assert.Equal("0", settings.GetProperty("number_of_replicas").GetString());
        Assert.Equal(index, settings.GetProperty("provided_name").GetString());
        Assert.Empty(body.GetProperty("aliases").EnumerateObject());
    }

    [Fact]
    public async Task DeleteIndex_ThenSearch_Returns404()
    {
        var index = await _es.CreateIndexAsync();

        var delete = await _es.DeleteAsync("/" + index);
        var search = await _es.SearchAsync(index, "{}");

        Assert.True(delete.Json.GetProperty("acknowledged").GetBoolean());
        Assert.Equal(404, search.StatusCode);
        Assert.Equal("index_not_found_exception", search.ErrorType);
        Assert.Equal(404, (await _es.DeleteAsync("/" + index)).StatusCode);
    }

    [Fact]
    public async Task PutMapping_AddsFieldsAndRejectsTypeChanges()
    {
        var index = await _es.CreateIndexAsync("""{"mappings":{"properties":{"a":{"type":"keyword"}}}}""");

        var add = await _es.PutAsync($"/{index}/_mapping", """{"properties":{"b":{"type":"long"}}}""");
        var change = await _es.PutAsync($"/{index}/_mapping", """{"properties":{"a":{"type":"long"}}}""");
        var mapping = await _es.GetAsync($"/{index}/_mapping");

        Assert.Equal(200, add.StatusCode);
        Assert.Equal(400, change.StatusCode);
        Assert.Equal("illegal_argument_exception", change.ErrorType);
        Assert.Equal("long", mapping.Json.GetProperty(index).GetProperty("mappings").GetProperty("properties").GetProperty("b").GetProperty("type").GetString());
    }

    [Fact]
    public async Task StrictDynamicMapping_RejectsUnknownFields()
    {
        var index = await _es.CreateIndexAsync("""{"mappings":{"dynamic":"strict","properties":{"a":{"type":"keyword"}}}}""");

        var reply = await _es.PutAsync($"/{index}/_doc/1", """{"a":"x","b":"y"}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("strict_dynamic_mapping_exception", reply.ErrorType);
    }

    [Fact]
    public async Task UnknownFieldType_Returns400MapperParsing()
    {
        var reply = await _es.PutAsync("/bad-type-index", """{"mappings":{"properties":{"a":{"type":"no_such_type"}}}}""");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("mapper_parsing_exception", reply.ErrorType);
    }

    [Fact]
    public async Task Refresh_ReturnsShardCounts()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.PostAsync($"/{index}/_refresh");
        var all = await _es.PostAsync("/_refresh");

        Assert.Equal(0, reply.Json.GetProperty("_shards").GetProperty("failed").GetInt32());
        Assert.Equal(200, all.StatusCode);
    }
}
