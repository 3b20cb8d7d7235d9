using System.Text;
using System.Text.Json;
using Sidecar.Enrichment;
using Sidecar.StandIn;

namespace Sidecar.Tests.Enrichment;

/// <summary>Enrichment and backfill against the Lucene-backed Elasticsearch stand-in (real HTTP on 127.0.0.1, an Elasticsearch-like parser).</summary>
public sealed class StandInEnrichmentTests
{
    [Fact]
    public async Task RunAsync_AgainstStandIn_EmbedsEveryDocAndResumesToNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StandInServer.StartAsync(ct: ct);
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        var bulk = new StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            bulk.Append("{\"index\":{\"_id\":\"d").Append(i).Append("\"}}\n{\"title\":\"item ").Append(i)
                .Append("\",\"brand\":\"b").Append(i % 3).Append("\",\"category\":[\"Home\",\"Lamps\"]}\n");
        }

        bulk.Append("{\"index\":{\"_id\":\"no-text\"}}\n{\"price\":1}\n");
        using (var seeded = await client.PostAsync("products/_bulk?refresh=true", new StringContent(bulk.ToString(), Encoding.UTF8, "application/x-ndjson"), ct))
        {
            Assert.True(seeded.IsSuccessStatusCode, await seeded.Content.ReadAsStringAsync(ct));
        }

        var embedder = new FakeTextEmbedder();
        var result = await EmbeddingBackfill.RunAsync(client, "products", ItemEmbeddingOptions.Default, embedder, 7, null, ct);

        Assert.Equal(30, result.Final.Total);
        Assert.Equal(30, result.Final.Done);
        Assert.True(result.Complete);
        Assert.Equal(0, await CountMissingAsync(client, ct));
        using (var doc = JsonDocument.Parse(await client.GetStringAsync("products/_doc/d4", ct)))
        {
            var vector = doc.RootElement.GetProperty("_source").GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle());
            Assert.Equal(FakeTextEmbedder.Vector("item 4 | b1 | Home > Lamps"), vector);
        }

        var again = await EmbeddingBackfill.RunAsync(client, "products", ItemEmbeddingOptions.Default, embedder, 7, null, ct);
        Assert.Equal(0, again.Final.Total);
        Assert.Equal(30, embedder.Calls.Sum(c => c.Count));
    }

    [Fact]
    public async Task Enrich_EnrichedBulkAndUpdate_AcceptedAndStoredByStandIn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await StandInServer.StartAsync(ct: ct);
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        var embedder = new FakeTextEmbedder();
        var bulk = new BulkEnricher(i => i == "products" ? ItemEmbeddingOptions.Default : null, embedder);
        const string body = "{\"index\":{\"_index\":\"products\",\"_id\":\"1\"}}\r\n{ \"title\" : \"Lamp\", \"brand\":\"Lumo\" }\r\n" +
            "{\"create\":{\"_index\":\"products\",\"_id\":\"2\"}}\r\n{\"title\":\"Desk\",\"category\":[\"Home\",\"Office\"]}\r\n";
        var (enriched, counts) = await bulk.EnrichAsync(Encoding.UTF8.GetBytes(body), null, ct);
        Assert.Equal(2, counts.Enriched);
        await PostAsync(client, "_bulk?refresh=true", enriched, "application/x-ndjson", ct);

        var single = new DocumentEnricher(i => i == "products" ? ItemEmbeddingOptions.Default : null, embedder);
        var (update, _) = await single.EnrichAsync(DocumentApi.Update, "products", """{"doc":{"title":"Lamp 2"}}"""u8.ToArray(), ct);
        await PostAsync(client, "products/_update/1?refresh=true", update, "application/json", ct);

        Assert.Equal(FakeTextEmbedder.Vector("Lamp 2"), await StoredVectorAsync(client, "1", ct));
        Assert.Equal(FakeTextEmbedder.Vector("Desk | Home > Office"), await StoredVectorAsync(client, "2", ct));
    }

    private static async Task PostAsync(HttpClient client, string uri, byte[] body, string contentType, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(uri, content, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, answer);
        Assert.DoesNotContain("\"errors\":true", answer, StringComparison.Ordinal);
    }

    private static async Task<float[]> StoredVectorAsync(HttpClient client, string id, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"products/_doc/{id}", ct));
        return doc.RootElement.GetProperty("_source").GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
    }

    private static async Task<long> CountMissingAsync(HttpClient client, CancellationToken ct)
    {
        using var query = new StringContent("""{"query":{"bool":{"must_not":{"exists":{"field":"embedding"}}}}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("products/_count", query, ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return doc.RootElement.GetProperty("count").GetInt64() - 1; // the document without text stays without a vector
    }
}
