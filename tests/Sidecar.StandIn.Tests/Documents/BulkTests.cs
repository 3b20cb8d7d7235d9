using System.Text;
using System.Text.Json;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Documents;

public sealed class BulkTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public BulkTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task Bulk_IndexItems_AreShapedLikeElasticsearch()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.BulkAsync("/_bulk", $$$"""
            {"index":{"_index":"{{{index}}}","_id":"1"}}
            {"title":"one"}
            {"index":{"_index":"{{{index}}}","_id":"2"}}
            {"title":"two"}

            """);

        Assert.Equal(200, reply.StatusCode);
        Assert.False(reply.Json.GetProperty("errors").GetBoolean());
        Assert.True(reply.Json.GetProperty("took").GetInt64() >= 0);
        var items = reply.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var first = items[0].GetProperty("index");
        Assert.Equal(index, first.GetProperty("_index").GetString());
        Assert.Equal("1", first.GetProperty("_id").GetString());
        Assert.Equal(1, first.GetProperty("_version").GetInt64());
        Assert.Equal("created", first.GetProperty("result").GetString());
        Assert.Equal(201, first.GetProperty("status").GetInt32());
        Assert.Equal(1, first.GetProperty("_primary_term").GetInt64());
        Assert.Equal(0, first.GetProperty("_shards").GetProperty("failed").GetInt32());
        Assert.Equal(1, first.GetProperty("_shards").GetProperty("successful").GetInt32());
        Assert.Equal(0, first.GetProperty("_seq_no").GetInt64());
        Assert.Equal(1, items[1].GetProperty("index").GetProperty("_seq_no").GetInt64());
    }

    [Fact]
    public async Task Bulk_CreateOnExistingId_Returns409ItemAndErrorsTrue()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1}"""));

        var reply = await _es.BulkAsync($"/{index}/_bulk", """
            {"create":{"_id":"1"}}
            {"a":2}
            {"create":{"_id":"2"}}
            {"a":3}

            """);

        Assert.True(reply.Json.GetProperty("errors").GetBoolean());
        var conflict = reply.Json.GetProperty("items")[0].GetProperty("create");
        Assert.Equal(409, conflict.GetProperty("status").GetInt32());
        Assert.Equal("version_conflict_engine_exception", conflict.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("document already exists", conflict.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal(201, reply.Json.GetProperty("items")[1].GetProperty("create").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Bulk_AutoCreatesIndexAndGeneratesMissingIds()
    {
        var index = "auto-" + Guid.NewGuid().ToString("N")[..8];

        var reply = await _es.BulkAsync($"/_bulk?refresh=wait_for", $$$"""
            {"index":{"_index":"{{{index}}}"}}
            {"title":"no id here"}

            """);
        var search = await _es.SearchAsync(index, "{}");

        var item = reply.Json.GetProperty("items")[0].GetProperty("index");
        Assert.Equal(201, item.GetProperty("status").GetInt32());
        var id = item.GetProperty("_id").GetString()!;
        Assert.Equal(20, id.Length);
        Assert.Equal([id], search.Ids);
    }

    [Fact]
    public async Task Bulk_UpdateDeleteAndMissingDocuments_ReportPerItemResults()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"a":1,"b":"x"}"""), ("2", """{"a":2}"""));

        var reply = await _es.BulkAsync($"/{index}/_bulk?refresh=true", """
            {"update":{"_id":"1"}}
            {"doc":{"a":10}}
            {"delete":{"_id":"2"}}
            {"delete":{"_id":"404"}}
            {"update":{"_id":"405"}}
            {"doc":{"a":1}}
            {"update":{"_id":"406"}}
            {"doc":{"a":6},"doc_as_upsert":true}

            """);

        var items = reply.Json.GetProperty("items");
        Assert.True(reply.Json.GetProperty("errors").GetBoolean());
        AssertItem(items[0], "update", "updated", 200, 2);
        AssertItem(items[1], "delete", "deleted", 200, 2);
        AssertItem(items[2], "delete", "not_found", 404, 1);
        var missing = items[3].GetProperty("update");
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        Assert.Equal("document_missing_exception", missing.GetProperty("error").GetProperty("type").GetString());
        AssertItem(items[4], "update", "created", 201, 1);
        var doc = await _es.GetAsync($"/{index}/_doc/1");
        Assert.Equal(10, doc.Json.GetProperty("_source").GetProperty("a").GetInt32());
        Assert.Equal("x", doc.Json.GetProperty("_source").GetProperty("b").GetString());
    }

    [Fact]
    public async Task Bulk_OnlyNotFoundDeletes_IsNotAnError()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.BulkAsync($"/{index}/_bulk", """{"delete":{"_id":"nope"}}""" + "\n");

        Assert.False(reply.Json.GetProperty("errors").GetBoolean());
    }

    [Fact]
    public async Task Bulk_FinalLineWithoutTrailingNewline_IsAccepted()
    {
        var index = await _es.CreateIndexAsync();

        var reply = await _es.BulkAsync($"/{index}/_bulk", "{\"index\":{\"_id\":\"1\"}}\n{\"a\":1}");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(201, reply.Json.GetProperty("items")[0].GetProperty("index").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Bulk_MalformedActionLine_Returns400()
    {
        var reply = await _es.BulkAsync("/_bulk", "{\"explode\":{\"_index\":\"x\"}}\n{}\n");

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("illegal_argument_exception", reply.ErrorType);
        Assert.Contains("Malformed action/metadata line [1]", reply.ErrorReason);
    }

    [Fact]
    public async Task Bulk_UnparsableFieldValue_FailsOnlyThatItem()
    {
        var index = await _es.CreateIndexAsync("""{"mappings":{"properties":{"price":{"type":"double"}}}}""");

        var reply = await _es.BulkAsync($"/{index}/_bulk", """
            {"index":{"_id":"1"}}
            {"price":"not a number"}
            {"index":{"_id":"2"}}
            {"price":"12.5"}

            """);

        var items = reply.Json.GetProperty("items");
        Assert.Equal(400, items[0].GetProperty("index").GetProperty("status").GetInt32());
        Assert.Equal("document_parsing_exception", items[0].GetProperty("index").GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(201, items[1].GetProperty("index").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Bulk_MultiMegabyteBody_IsIndexed()
    {
        var index = await _es.CreateIndexAsync();
        var ndjson = new StringBuilder();
        var filler = new string('x', 2000);
        for (var i = 0; i < 2000; i++)
        {
            ndjson.Append("{\"index\":{\"_id\":\"").Append(i).Append("\"}}\n");
            ndjson.Append(JsonSerializer.Serialize(new { n = i, text = $"doc {i} {filler}" })).Append('\n');
        }

        Assert.True(ndjson.Length > 4_000_000);
        var reply = await _es.BulkAsync($"/{index}/_bulk?refresh=true", ndjson.ToString());
        var count = await _es.GetAsync($"/{index}/_count");

        Assert.False(reply.Json.GetProperty("errors").GetBoolean());
        Assert.Equal(2000, count.Json.GetProperty("count").GetInt64());
    }

    private static void AssertItem(JsonElement item, string action, string result, int status, long version)
    {
        var body = item.GetProperty(action);
        Assert.Equal(result, body.GetProperty("result").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(version, body.GetProperty("_version").GetInt64());
    }
}
