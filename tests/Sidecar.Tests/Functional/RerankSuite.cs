using System.Net;
using System.Text;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Transport;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>
/// The functional suite: a real sidecar in front of a real Elasticsearch-speaking upstream, driven with raw
/// HTTP and with the official Elastic.Clients.Elasticsearch client exactly as an application would use it.
/// Runs against the Lucene stand-in always, and against the official Elasticsearch image when Docker is present.
/// </summary>
public abstract class RerankSuite : IAsyncLifetime
{
    // Rating weighs more than BM25 here, so the reranked order differs visibly from the first stage.
    private const string Profiles = """
        profiles:
          - name: products
            indices: [products]
            window: 50
            features:
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: rating, type: numeric_field, field: rating, weight: 2.0 }
        """;

    private IUpstreamUnderTest? _upstream;
    private SidecarServer? _sidecar;

    protected IUpstreamUnderTest Upstream => _upstream ?? throw new InvalidOperationException("upstream not started");

    private protected SidecarServer Sidecar => _sidecar ?? throw new InvalidOperationException("sidecar not started");

    /// <summary>Starts the upstream; calls Assert.Skip with the reason when it cannot run here.</summary>
    protected abstract Task<IUpstreamUnderTest> StartUpstreamAsync();

    public async ValueTask InitializeAsync()
    {
        _upstream = await StartUpstreamAsync();
        await ProductFixture.LoadAsync(_upstream.BaseUri);
        _sidecar = await SidecarServer.StartAsync(_upstream.BaseUri, Profiles);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private ElasticsearchClient Client(Uri uri, bool withAuth = false)
    {
        var settings = new ElasticsearchClientSettings(uri).DisableDirectStreaming();
        if (withAuth)
        {
            settings = settings.Authentication(new BasicAuthentication("reader", "s3cret"));
        }

        return new ElasticsearchClient(settings);
    }

    private const string Query = "wireless headphones";

    private static void Search(SearchRequestDescriptor<ProductFixture.Product> s) =>
        s.Indices("products").Size(5).Query(q => q.MultiMatch(m => m.Query(Query).Fields(new[] { "title^2", "brand", "category" })));

    [Fact]
    public async Task OfficialClient_TypedSearch_IsParsedAndReordered()
    {
        var ct = TestContext.Current.CancellationToken;
        var direct = await Client(Upstream.BaseUri).SearchAsync<ProductFixture.Product>(Search, ct);
        var proxied = await Client(Sidecar.BaseUri).SearchAsync<ProductFixture.Product>(Search, ct);

        Assert.True(proxied.IsValidResponse, proxied.DebugInformation);
        Assert.Equal(5, proxied.Documents.Count);
        Assert.All(proxied.Documents, d => Assert.False(string.IsNullOrEmpty(d.Title)));
        Assert.Equal(direct.Total, proxied.Total);
        var before = direct.Hits.Select(h => h.Id).ToArray();
        var after = proxied.Hits.Select(h => h.Id).ToArray();
        Assert.NotEqual(before, after);
        var scores = proxied.Hits.Select(h => h.Score!.Value).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(scores[0], proxied.HitsMetadata.MaxScore);
    }

    [Fact]
    public async Task OfficialClient_PagesThroughSidecar_AreConsistent()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client(Sidecar.BaseUri);
        async Task<string[]> Page(int from, int size) => (await client.SearchAsync<ProductFixture.Product>(s => s.Indices("products").From(from).Size(size)
            .Query(q => q.MultiMatch(m => m.Query(Query).Fields(new[] { "title^2", "brand", "category" }))), ct)).Hits.Select(h => h.Id!).ToArray();

        var all = await Page(0, 6);
        Assert.Equal(all, (await Page(0, 3)).Concat(await Page(3, 3)));
    }

    [Fact]
    public async Task OfficialClient_InfoIndexGetBulkDelete_PassThrough()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client(Sidecar.BaseUri);

        var info = await client.InfoAsync(ct);
        Assert.True(info.IsValidResponse, info.DebugInformation);
        Assert.False(string.IsNullOrEmpty(info.Version.Number));

        var doc = new ProductFixture.Product("N01", "New Wireless Thing", "Acme", ["Electronics"], 10, 4.0, 1);
        var indexed = await client.IndexAsync(doc, i => i.Index("scratch").Id("N01").Refresh(Refresh.True), ct);
        Assert.True(indexed.IsValidResponse, indexed.DebugInformation);

        var got = await client.GetAsync<ProductFixture.Product>("scratch", "N01", ct);
        Assert.True(got.Found);
        Assert.Equal("New Wireless Thing", got.Source!.Title);

        var bulk = await client.BulkAsync(b => b.Index("scratch").IndexMany(
            Enumerable.Range(0, 50).Select(i => new ProductFixture.Product($"B{i:D2}", $"bulk item {i}", "Bulk", ["X"], i, 3, i)),
            (d, p) => d.Id(p.Asin)).Refresh(Refresh.True), ct);
        Assert.True(bulk.IsValidResponse, bulk.DebugInformation);
        Assert.Equal(50, bulk.Items.Count);

        var deleted = await client.DeleteAsync("scratch", "N01", ct);
        Assert.True(deleted.IsValidResponse, deleted.DebugInformation);
        Assert.False((await client.GetAsync<ProductFixture.Product>("scratch", "N01", ct)).Found);
    }

    [Fact]
    public async Task OfficialClient_Credentials_ReachUpstreamUnchanged()
    {
        if (Upstream.ReceivedHeaders is null)
        {
            Assert.Skip("this upstream does not expose received headers");
        }

        var ct = TestContext.Current.CancellationToken;
        await Client(Sidecar.BaseUri, withAuth: true).SearchAsync<ProductFixture.Product>(Search, ct);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:s3cret"));
        var last = Upstream.ReceivedHeaders!.Last(h => h.ContainsKey("Authorization"));
        Assert.Equal(expected, last["Authorization"]);
    }

    [Fact]
    public async Task Http_RerankedSearch_KeepsTotalsAndAggregations()
    {
        var ct = TestContext.Current.CancellationToken;
        const string body = """{"size":3,"query":{"match":{"title":"headphones"}},"aggs":{"brands":{"terms":{"field":"brand.keyword"}}}}""";
        using var http = new HttpClient();
        using var direct = await http.PostAsync(new Uri(Upstream.BaseUri, "products/_search"), new StringContent(body, Encoding.UTF8, "application/json"), ct);
        using var proxied = await Sidecar.Client.PostAsync("/products/_search", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        Assert.Equal("applied", proxied.Headers.GetValues("X-Rerank").Single());
        using var d = JsonDocument.Parse(await direct.Content.ReadAsStringAsync(ct));
        using var p = JsonDocument.Parse(await proxied.Content.ReadAsStringAsync(ct));
        Assert.Equal(d.RootElement.GetProperty("aggregations").GetRawText(), p.RootElement.GetProperty("aggregations").GetRawText());
        Assert.Equal(d.RootElement.GetProperty("hits").GetProperty("total").GetRawText(), p.RootElement.GetProperty("hits").GetProperty("total").GetRawText());
    }

    [Fact]
    public async Task Http_MalformedSearch_IsAnsweredByElasticsearch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await Sidecar.Client.PostAsync("/products/_search", new StringContent("""{"query":{"no_such_query":{}}}""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("skipped; reason=upstream_status", response.Headers.GetValues("X-Rerank").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(400, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Http_MultiMegabyteBulk_IsIndexedIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        var sb = new StringBuilder();
        const int docs = 4000;
        for (var i = 0; i < docs; i++)
        {
            sb.Append("{\"index\":{\"_index\":\"big\",\"_id\":\"").Append(i).Append("\"}}\n");
            sb.Append("{\"title\":\"").Append(new string('x', 600)).Append(' ').Append(i).Append("\",\"n\":").Append(i).Append("}\n");
        }

        Assert.True(sb.Length > 2_000_000);
        using var response = await Sidecar.Client.PostAsync("/_bulk?refresh=true", new StringContent(sb.ToString(), Encoding.UTF8, "application/x-ndjson"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var count = await Sidecar.Client.GetAsync("/big/_count", ct);
        using var doc = JsonDocument.Parse(await count.Content.ReadAsStringAsync(ct));
        Assert.Equal(docs, doc.RootElement.GetProperty("count").GetInt32());
    }
}
