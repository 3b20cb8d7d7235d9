using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.StandIn;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>Documents written through the sidecar into configured indices get their embedding before Elasticsearch sees them.</summary>
public sealed class WriteEnrichmentTests : IAsyncLifetime
{
    private const string Config = """
        models:
          embedding: { preset: minilm-l6-v2 }
        profiles:
          - name: products
            indices: [products]
            item_embedding: { field: embedding, text_fields: [title, brand] }
            features:
              - { name: bm25, type: first_stage_score }
              - { name: sem, type: semantic_similarity }
        """;

    private StandInServer _es = null!;
    private SidecarServer _sidecar = null!;
    private readonly HttpClient _direct = new();
    private bool _fail;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        _direct.BaseAddress = _es.BaseUri;
        _sidecar = await SidecarServer.StartAsync(_es.BaseUri, Config, embedder: _ => new FailableEmbedder(() => _fail));
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _es.DisposeAsync();
        _direct.Dispose();
    }

    private async Task<JsonElement> GetSourceAsync(string index, string id)
    {
        var json = await _direct.GetStringAsync($"{index}/_doc/{id}", TestContext.Current.CancellationToken);
        return JsonDocument.Parse(json).RootElement.GetProperty("_source").Clone();
    }

    [Fact]
    public async Task Bulk_IntoConfiguredIndex_AddsEmbeddingOfTextFields()
    {
        var ct = TestContext.Current.CancellationToken;
        const string bulk = """
            {"index":{"_index":"products","_id":"1"}}
            {"title":"Wireless headphones","brand":"Acme","price":10}
            {"index":{"_index":"logs","_id":"1"}}
            {"title":"not a product"}

            """;
        using var response = await _sidecar.Client.PostAsync("/_bulk?refresh=true", new StringContent(bulk, Encoding.UTF8, "application/x-ndjson"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var product = await GetSourceAsync("products", "1");
        var vector = product.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(HashEmbedder.Vector("Wireless headphones | Acme"), vector);
        Assert.Equal(10, product.GetProperty("price").GetInt32());
        Assert.False((await GetSourceAsync("logs", "1")).TryGetProperty("embedding", out _));
    }

    [Fact]
    public async Task DocApi_IntoConfiguredIndex_AddsEmbedding()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await _sidecar.Client.PutAsync("/products/_doc/7?refresh=true",
            new StringContent("""{"title":"Oak table","brand":"Woody"}""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(8, (await GetSourceAsync("products", "7")).GetProperty("embedding").GetArrayLength());
    }

    [Fact]
    public async Task ModelFailure_ForwardsTheOriginalWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        _fail = true;
        using var response = await _sidecar.Client.PutAsync("/products/_doc/9?refresh=true",
            new StringContent("""{"title":"Lamp","brand":"Lux"}""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var source = await GetSourceAsync("products", "9");
        Assert.Equal("Lamp", source.GetProperty("title").GetString());
        Assert.False(source.TryGetProperty("embedding", out _));
    }

    private sealed class FailableEmbedder(Func<bool> fail) : Sidecar.Embeddings.ITextEmbedder
    {
        private readonly HashEmbedder _inner = new();

        public string Name => "failable";

        public int Dimensions => 8;

        public float[] EmbedQuery(string text) => fail() ? throw new InvalidOperationException("model down") : _inner.EmbedQuery(text);

        public ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(EmbedQuery(text));

        public float[][] EmbedDocuments(IReadOnlyList<string> texts, int batchSize = 32) =>
            fail() ? throw new InvalidOperationException("model down") : _inner.EmbedDocuments(texts, batchSize);

        public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default) =>
            Task.FromResult(EmbedDocuments(texts, batchSize));

        public void Dispose()
        {
        }
    }
}
