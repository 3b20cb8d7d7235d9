using System.Text;
using Sidecar.Enrichment;
using Sidecar.Proxy;

namespace Sidecar.Tests.Enrichment;

/// <summary>What the bulk enricher must never break: bytes it does not understand, line endings, odd input.</summary>
public sealed class BulkEnricherEdgeTests
{
    private readonly FakeTextEmbedder _embedder = new();

    private async Task<(byte[] Body, EnrichmentCounts Counts)> Enrich(byte[] body, string? defaultIndex = "products")
    {
        var enricher = new BulkEnricher(i => i == "products" ? ItemEmbeddingOptions.Default : null, _embedder);
        return await enricher.EnrichAsync(body, defaultIndex, TestContext.Current.CancellationToken);
    }

    private async Task<(string Body, EnrichmentCounts Counts)> Enrich(string body, string? defaultIndex = "products")
    {
        var (output, counts) = await Enrich(Encoding.UTF8.GetBytes(body), defaultIndex);
        return (Encoding.UTF8.GetString(output), counts);
    }

    [Fact]
    public async Task Enrich_MalformedSourceLine_PassedThroughAndLaterDocsStillEnriched()
    {
        const string body = "{\"index\":{\"_id\":\"1\"}}\n{\"title\":\"broken\",\n{\"index\":{\"_id\":\"2\"}}\n{\"title\":\"ok\"}\n";
        var (output, counts) = await Enrich(body);
        Assert.Equal("{\"index\":{\"_id\":\"1\"}}\n{\"title\":\"broken\",\n{\"index\":{\"_id\":\"2\"}}\n" +
            BulkEnricherTests.WithVector("{\"title\":\"ok\"}", "ok") + "\n", output);
        Assert.Equal(new EnrichmentCounts(1, 1), counts);
    }

    [Theory]
    [InlineData("{\"index\":{\"_id\":\"1\"}\n")]            // malformed action line
    [InlineData("{\"upsert\":{\"_id\":\"1\"}}\n")]          // unknown action
    [InlineData("[\"index\"]\n")]                           // not an action object
    public async Task Enrich_BadActionLine_RestOfBodyUntouched(string badAction)
    {
        var body = "{\"index\":{\"_id\":\"0\"}}\n{\"title\":\"first\"}\n" + badAction + "{\"title\":\"x\"}\n{\"index\":{}}\n{\"title\":\"y\"}\n";
        var (output, counts) = await Enrich(body);
        Assert.Equal("{\"index\":{\"_id\":\"0\"}}\n" + BulkEnricherTests.WithVector("{\"title\":\"first\"}", "first") + "\n" +
            badAction + "{\"title\":\"x\"}\n{\"index\":{}}\n{\"title\":\"y\"}\n", output);
        Assert.Equal(new EnrichmentCounts(1, 0), counts);
    }

    [Fact]
    public async Task Enrich_CrLfLineEndingsAndBlankLines_PreservedAndEnriched()
    {
        const string body = "\r\n{\"index\":{\"_id\":\"1\"}}\r\n{\"title\":\"A\"}\r\n\r\n{\"delete\":{\"_id\":\"2\"}}\r\n{\"create\":{\"_id\":\"3\"}}\r\n{\"title\":\"B\"}\r\n";
        var (output, counts) = await Enrich(body);
        Assert.Equal("\r\n{\"index\":{\"_id\":\"1\"}}\r\n" + BulkEnricherTests.WithVector("{\"title\":\"A\"}", "A") +
            "\r\n\r\n{\"delete\":{\"_id\":\"2\"}}\r\n{\"create\":{\"_id\":\"3\"}}\r\n" + BulkEnricherTests.WithVector("{\"title\":\"B\"}", "B") + "\r\n", output);
        Assert.Equal(new EnrichmentCounts(2, 0), counts);
    }

    [Fact]
    public async Task Enrich_NoTrailingNewline_StaysWithout()
    {
        var (output, _) = await Enrich("{\"index\":{}}\n{\"title\":\"A\"}");
        Assert.Equal("{\"index\":{}}\n" + BulkEnricherTests.WithVector("{\"title\":\"A\"}", "A"), output);
        var (dangling, counts) = await Enrich("{\"index\":{}}\n");
        Assert.Equal("{\"index\":{}}\n", dangling);
        Assert.Equal(default, counts);
    }

    [Fact]
    public async Task Enrich_UnicodeEscapesAndOddSpacing_UntouchedBytesIdentical()
    {
        const string untouched = "{\"index\":{\"_index\":\"other\"}}\n{ \"title\" : \"caf\\u00e9 \\\"x\\\"\" , \"n\" : 1.50 }\n";
        const string source = "{ \"title\" : \"Café 東京 \\u00e9\" ,\"brand\":\"Ünï\"\t}  ";
        var body = Encoding.UTF8.GetBytes(untouched + "{\"index\":{}}\n" + source + "\n");
        var (output, counts) = await Enrich(body);
        Assert.Equal(new EnrichmentCounts(1, 0), counts);
        var expected = untouched + "{\"index\":{}}\n" + "{ \"title\" : \"Café 東京 \\u00e9\" ,\"brand\":\"Ünï\"\t" +
            ",\"embedding\":" + FakeTextEmbedder.Json("Café 東京 é | Ünï") + "}  \n";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), output);
    }

    [Fact]
    public async Task Enrich_NothingConfigured_OutputEqualsInputAndNoEmbedderCall()
    {
        var body = Encoding.UTF8.GetBytes("{\"index\":{\"_index\":\"logs\"}}\n{\"title\":\"A\"}\n{\"delete\":{\"_index\":\"products\",\"_id\":\"1\"}}\n");
        var (output, counts) = await Enrich(body, defaultIndex: null);
        Assert.Equal(body, output);
        Assert.False(counts.Changed);
        Assert.Empty(_embedder.Calls);
        Assert.Equal(default, (await Enrich([])).Counts);
    }

    [Fact]
    public async Task Enrich_IntoPooledBuffer_WritesWholeBody()
    {
        var enricher = new BulkEnricher(_ => ItemEmbeddingOptions.Default, _embedder);
        using var output = new PooledBuffer(16);
        var body = Encoding.UTF8.GetBytes("{\"index\":{\"_index\":\"a\"}}\n{\"title\":\"A\"}\n");
        var counts = await enricher.EnrichAsync(body, null, output, TestContext.Current.CancellationToken);
        Assert.Equal(1, counts.Enriched);
        Assert.Equal("{\"index\":{\"_index\":\"a\"}}\n" + BulkEnricherTests.WithVector("{\"title\":\"A\"}", "A") + "\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public async Task Enrich_MoreTextsThanLimit_ForwardedUnchangedAndCountedAsSkipped()
    {
        var enricher = new BulkEnricher(_ => ItemEmbeddingOptions.Default, _embedder, maxTexts: 2);
        var body = Encoding.UTF8.GetBytes("{\"index\":{\"_index\":\"a\"}}\n{\"title\":\"A\"}\n{\"index\":{\"_index\":\"a\"}}\n{\"title\":\"B\"}\n" +
            "{\"index\":{\"_index\":\"a\"}}\n{\"title\":\"A\"}\n{\"index\":{\"_index\":\"a\"}}\n{\"price\":1}\n");
        var (same, within) = await enricher.EnrichAsync(body, null, TestContext.Current.CancellationToken);
        Assert.Equal(new EnrichmentCounts(3, 1), within); // two distinct texts: within the limit

        var more = body.Concat(Encoding.UTF8.GetBytes("{\"index\":{\"_index\":\"a\"}}\n{\"title\":\"C\"}\n")).ToArray();
        var (output, counts) = await enricher.EnrichAsync(more, null, TestContext.Current.CancellationToken);
        Assert.Equal(more, output);
        Assert.Equal(new EnrichmentCounts(0, 5), counts);
        Assert.Single(_embedder.Calls);
        Assert.NotEqual(body, same);
    }

    [Fact]
    public async Task Enrich_EmbedderReturnsNonFiniteVector_Throws()
    {
        _embedder.Override = _ => [float.NaN, 0];
        await Assert.ThrowsAsync<InvalidOperationException>(() => Enrich("{\"index\":{}}\n{\"title\":\"A\"}\n"));
    }

    [Fact]
    public async Task Enrich_NonObjectSourceLine_Skipped()
    {
        const string body = "{\"index\":{}}\n[\"title\",\"A\"]\n{\"index\":{}}\n\"just a string\"\n";
        var (output, counts) = await Enrich(body);
        Assert.Equal(body, output);
        Assert.Equal(new EnrichmentCounts(0, 2), counts);
    }
}
