using System.Text;
using Sidecar.Enrichment;

namespace Sidecar.Tests.Enrichment;

public sealed class DocumentEnricherTests
{
    private readonly FakeTextEmbedder _embedder = new();

    private async Task<(string Body, EnrichmentCounts Counts)> Enrich(DocumentApi kind, string body, string index = "products")
    {
        var enricher = new DocumentEnricher(i => i == "products" ? ItemEmbeddingOptions.Default : null, _embedder);
        var (output, counts) = await enricher.EnrichAsync(kind, index, Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken);
        return (Encoding.UTF8.GetString(output), counts);
    }

    [Theory]
    [InlineData("PUT", "/products/_doc/1", "products", DocumentApi.Index)]
    [InlineData("POST", "/products/_doc/a%2Fb", "products", DocumentApi.Index)]
    [InlineData("POST", "/products/_doc", "products", DocumentApi.Index)]
    [InlineData("POST", "/products/_doc/", "products", DocumentApi.Index)]
    [InlineData("PUT", "/products/_create/1", "products", DocumentApi.Create)]
    [InlineData("POST", "/products/_create/1", "products", DocumentApi.Create)]
    [InlineData("POST", "/products/_update/1", "products", DocumentApi.Update)]
    [InlineData("post", "/my%2Dindex/_update/1", "my-index", DocumentApi.Update)]
    [InlineData("POST", "/_bulk", "", DocumentApi.Bulk)]
    [InlineData("PUT", "/_bulk", "", DocumentApi.Bulk)]
    [InlineData("POST", "/products/_bulk", "products", DocumentApi.Bulk)]
    public void TryMatch_WriteApis_Recognised(string method, string path, string index, DocumentApi kind)
    {
        Assert.True(DocumentEnricher.TryMatch(method, path, out var i, out var k));
        Assert.Equal(index, i);
        Assert.Equal(kind, k);
    }

    [Theory]
    [InlineData("GET", "/products/_doc/1")]
    [InlineData("DELETE", "/products/_doc/1")]
    [InlineData("HEAD", "/products/_doc/1")]
    [InlineData("PUT", "/products/_doc")]
    [InlineData("PUT", "/products/_update/1")]
    [InlineData("POST", "/products/_create")]
    [InlineData("POST", "/products/_search")]
    [InlineData("POST", "/products/_doc/1/_update")]
    [InlineData("POST", "/_doc/1")]
    [InlineData("POST", "/_all/_bulk")]
    [InlineData("POST", "/a,b/_bulk")]
    [InlineData("POST", "/prod*/_doc/1")]
    [InlineData("POST", "/products//_doc")]
    [InlineData("POST", "products/_doc/1")]
    [InlineData("POST", "/")]
    [InlineData("GET", "/_bulk")]
    public void TryMatch_OtherRequests_NotMatched(string method, string path)
    {
        Assert.False(DocumentEnricher.TryMatch(method, path, out _, out _));
    }

    [Fact]
    public async Task Enrich_IndexApiPrettyPrintedBody_VectorInsertedEverythingElseKept()
    {
        const string body = "{\n  \"title\": \"Aria 5\",\n  \"brand\": \"Sono\",\n  \"tags\": [\"a\"]\n}\n";
        var (output, counts) = await Enrich(DocumentApi.Index, body);
        Assert.Equal("{\n  \"title\": \"Aria 5\",\n  \"brand\": \"Sono\",\n  \"tags\": [\"a\"]\n,\"embedding\":" + FakeTextEmbedder.Json("Aria 5 | Sono") + "}\n", output);
        Assert.Equal(new EnrichmentCounts(1, 0), counts);
        Assert.Single(_embedder.Calls);
    }

    [Fact]
    public async Task Enrich_CreateApi_AddsEmbedding()
    {
        var (output, _) = await Enrich(DocumentApi.Create, """{"title":"Desk","category":["Home","Office"]}""");
        Assert.Equal("""{"title":"Desk","category":["Home","Office"],"embedding":""" + FakeTextEmbedder.Json("Desk | Home > Office") + "}", output);
    }

    [Fact]
    public async Task Enrich_UpdateApi_DocAndUpsertEnriched()
    {
        var (output, counts) = await Enrich(DocumentApi.Update, """{"doc":{"title":"T2"},"upsert":{"title":"T1","brand":"B"},"detect_noop":false}""");
        Assert.Equal("""{"doc":{"title":"T2","embedding":""" + FakeTextEmbedder.Json("T2") + """},"upsert":{"title":"T1","brand":"B","embedding":""" +
            FakeTextEmbedder.Json("T1 | B") + """},"detect_noop":false}""", output);
        Assert.Equal(new EnrichmentCounts(1, 0), counts);
        Assert.Equal(2, Assert.Single(_embedder.Calls).Count);
    }

    [Theory]
    [InlineData(DocumentApi.Update, """{"doc":{"price":3}}""")]
    [InlineData(DocumentApi.Update, """{"script":"ctx._source.n++"}""")]
    [InlineData(DocumentApi.Index, """{"title":"A","embedding":[0.1,0.2]}""")]
    [InlineData(DocumentApi.Index, """{"price":3}""")]
    [InlineData(DocumentApi.Index, """{"title":"A",""")]
    [InlineData(DocumentApi.Index, "")]
    [InlineData(DocumentApi.Index, """{"title":"A"} {"title":"B"}""")]
    public async Task Enrich_NothingToDo_BodyUnchangedAndCountedAsSkipped(DocumentApi kind, string body)
    {
        var (output, counts) = await Enrich(kind, body);
        Assert.Equal(body, output);
        Assert.Equal(new EnrichmentCounts(0, 1), counts);
        Assert.Empty(_embedder.Calls);
    }

    [Fact]
    public async Task Enrich_UnconfiguredIndex_BodyUnchangedNotCounted()
    {
        var (output, counts) = await Enrich(DocumentApi.Index, """{"title":"A"}""", index: "logs");
        Assert.Equal("""{"title":"A"}""", output);
        Assert.Equal(default, counts);
    }

    [Fact]
    public async Task Enrich_BulkKind_Rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Enrich(DocumentApi.Bulk, "{}\n"));
    }
}
