using System.Text;
using System.Text.Json;
using Sidecar.Enrichment;

namespace Sidecar.Tests.Enrichment;

public sealed class BulkEnricherTests
{
    private readonly FakeTextEmbedder _embedder = new();

    /// <summary>products and products-v2 are configured; logs is not.</summary>
    private static ItemEmbeddingOptions? OptionsFor(string index) =>
        index.StartsWith("products", StringComparison.Ordinal) ? ItemEmbeddingOptions.Default : null;

    private async Task<(string Body, EnrichmentCounts Counts)> Enrich(string body, string? defaultIndex = null)
    {
        var enricher = new BulkEnricher(OptionsFor, _embedder);
        var (output, counts) = await enricher.EnrichAsync(Encoding.UTF8.GetBytes(body), defaultIndex, TestContext.Current.CancellationToken);
        return (Encoding.UTF8.GetString(output), counts);
    }

    /// <summary>The line as sent with <c>,"embedding":[...]</c> inserted before its last brace.</summary>
    internal static string WithVector(string line, string text)
    {
        var close = line.LastIndexOf('}');
        return string.Concat(line.AsSpan(0, close), ",\"embedding\":", FakeTextEmbedder.Json(text), line.AsSpan(close));
    }

    [Fact]
    public async Task Enrich_BulkIndexIntoConfiguredIndex_AddsEmbeddingToSourceLine()
    {
        const string source = """{"title":"Aria 5","brand":"Sono","category":["Audio","Headphones"],"price":99.5}""";
        var (body, counts) = await Enrich("{\"index\":{\"_index\":\"products\",\"_id\":\"1\"}}\n" + source + "\n");

        Assert.Equal("{\"index\":{\"_index\":\"products\",\"_id\":\"1\"}}\n" + WithVector(source, "Aria 5 | Sono | Audio > Headphones") + "\n", body);
        Assert.Equal(new EnrichmentCounts(1, 0), counts);
        using var doc = JsonDocument.Parse(body.Split('\n')[1]);
        Assert.Equal(FakeTextEmbedder.Vector("Aria 5 | Sono | Audio > Headphones"),
            doc.RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray());
    }

    [Fact]
    public async Task Enrich_MixedActionsAndIndices_OnlyConfiguredDocsChangeAndOtherLinesAreByteIdentical()
    {
        string[] lines =
        [
            """{ "index" : { "_index" : "products", "_id" : "1" } }""",
            """{"title":"Lamp","brand":"Lumo"}""",
            """{"index":{"_index":"logs","_id":"2"}}""",
            """{"title":"not a product","brand":"x"}""",
            """{"delete":{"_index":"products","_id":"3"}}""",
            """{"create":{"_index":"products-v2","_id":"4"}}""",
            """{"title":"Desk","category":"Furniture"}""",
            """{"update":{"_index":"logs","_id":"5"}}""",
            """{"doc":{"title":"log title"}}""",
            """{"update":{"_index":"products","_id":"6"}}""",
            """{"doc":{"price":12}}""",
            """{"index":{"_index":"products","_id":"7"}}""",
            """{"price":1,"stock":3}""",
        ];
        var (body, counts) = await Enrich(string.Join('\n', lines) + "\n");
        var output = body.Split('\n');

        Assert.Equal(lines.Length + 1, output.Length);
        Assert.Equal("", output[^1]);
        for (var i = 0; i < lines.Length; i++)
        {
            var expected = i switch
            {
                1 => WithVector(lines[1], "Lamp | Lumo"),
                6 => WithVector(lines[6], "Desk | Furniture"),
                _ => lines[i],
            };
            Assert.Equal(expected, output[i]);
        }

        Assert.Equal(new EnrichmentCounts(2, 2), counts); // skipped: update without text (6), no text at all (7)
    }

    [Fact]
    public async Task Enrich_ManyDocs_OneEmbedderCallWithDistinctTexts()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            sb.Append("{\"index\":{\"_id\":\"").Append(i).Append("\"}}\n{\"title\":\"item ").Append(i % 100).Append("\"}\n");
        }

        var (body, counts) = await Enrich(sb.ToString(), defaultIndex: "products");

        Assert.Equal(new EnrichmentCounts(500, 0), counts);
        var call = Assert.Single(_embedder.Calls);
        Assert.Equal(100, call.Count); // identical texts are embedded once
        Assert.Equal(32, Assert.Single(_embedder.BatchSizes));
        Assert.Equal(WithVector("{\"title\":\"item 42\"}", "item 42"), body.Split('\n')[(2 * 342) + 1]);
    }

    [Fact]
    public async Task Enrich_DefaultIndexFromUrl_UsedWhenActionHasNoIndex_ActionIndexWins()
    {
        const string body = "{\"index\":{\"_id\":\"1\"}}\n{\"title\":\"A\"}\n{\"index\":{\"_index\":\"logs\"}}\n{\"title\":\"B\"}\n";

        var (fromUrl, counts) = await Enrich(body, defaultIndex: "products");
        Assert.Equal("{\"index\":{\"_id\":\"1\"}}\n" + WithVector("{\"title\":\"A\"}", "A") + "\n{\"index\":{\"_index\":\"logs\"}}\n{\"title\":\"B\"}\n", fromUrl);
        Assert.Equal(new EnrichmentCounts(1, 0), counts);

        var (noDefault, none) = await Enrich(body);
        Assert.Equal(body, noDefault);
        Assert.Equal(default, none);
        Assert.Single(_embedder.Calls); // the second bulk had nothing to embed: no call
    }

    [Fact]
    public async Task Enrich_UpdateWithTextFields_EmbedsPartialDocAndUpsert()
    {
        const string doc = """{"doc":{"title":"New title","price":5},"doc_as_upsert":true}""";
        const string upsert = """{"script":{"source":"ctx._source.n++"},"upsert":{"title":"Fresh","brand":"Sono","n":1}}""";
        const string both = """{"upsert":{"title":"U"},"doc":{"brand":"D"}}""";
        var (body, counts) = await Enrich(
            $"{{\"update\":{{\"_id\":\"1\"}}}}\n{doc}\n{{\"update\":{{\"_id\":\"2\"}}}}\n{upsert}\n{{\"update\":{{\"_id\":\"3\"}}}}\n{both}\n", "products");
        var lines = body.Split('\n');

        Assert.Equal("""{"doc":{"title":"New title","price":5,"embedding":""" + FakeTextEmbedder.Json("New title") + """},"doc_as_upsert":true}""", lines[1]);
        Assert.Equal("""{"script":{"source":"ctx._source.n++"},"upsert":{"title":"Fresh","brand":"Sono","n":1,"embedding":""" +
            FakeTextEmbedder.Json("Fresh | Sono") + "}}", lines[3]);
        Assert.Equal("""{"upsert":{"title":"U","embedding":""" + FakeTextEmbedder.Json("U") + """},"doc":{"brand":"D","embedding":""" +
            FakeTextEmbedder.Json("D") + "}}", lines[5]);
        Assert.Equal(new EnrichmentCounts(3, 0), counts);
    }

    [Fact]
    public async Task Enrich_UpdateWithoutTextFieldsOrScriptOnly_LeftUntouched()
    {
        const string body = "{\"update\":{\"_id\":\"1\"}}\n{\"doc\":{\"price\":5,\"stock\":0}}\n" +
            "{\"update\":{\"_id\":\"2\"}}\n{\"script\":{\"source\":\"ctx._source.title='x'\"}}\n";
        var (output, counts) = await Enrich(body, "products");
        Assert.Equal(body, output);
        Assert.Equal(new EnrichmentCounts(0, 2), counts);
        Assert.Empty(_embedder.Calls);
    }

    [Fact]
    public async Task Enrich_DocAlreadyCarriesVector_KeptAsSent()
    {
        const string body = "{\"index\":{\"_id\":\"1\"}}\n{\"title\":\"A\",\"embedding\":[0.5, -0.25,1e-3]}\n" +
            "{\"update\":{\"_id\":\"2\"}}\n{\"doc\":{\"title\":\"B\",\"embedding\":[1,0]}}\n";
        var (output, counts) = await Enrich(body, "products");
        Assert.Equal(body, output);
        Assert.Equal(new EnrichmentCounts(0, 2), counts);
    }

    [Fact]
    public async Task Enrich_FieldPresentButNotAVector_Replaced()
    {
        var (output, counts) = await Enrich("{\"index\":{}}\n{\"embedding\":null,\"title\":\"A\"}\n{\"index\":{}}\n{\"title\":\"B\",\"embedding\":[]}\n", "products");
        Assert.Equal("{\"index\":{}}\n{\"embedding\":" + FakeTextEmbedder.Json("A") + ",\"title\":\"A\"}\n{\"index\":{}}\n{\"title\":\"B\",\"embedding\":" +
            FakeTextEmbedder.Json("B") + "}\n", output);
        Assert.Equal(new EnrichmentCounts(2, 0), counts);
    }
}
