using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Enrichment;

namespace Sidecar.Tests.Enrichment;

/// <summary>The backfill against a real HTTP server on 127.0.0.1 (<see cref="MiniElasticsearch"/>).</summary>
public sealed class EmbeddingBackfillTests : IAsyncLifetime
{
    private static readonly TimeSpan[] FastRetries = [TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4)];

    private readonly FakeTextEmbedder _embedder = new();
    private readonly List<BackfillProgress> _reports = [];
    private MiniElasticsearch _es = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await MiniElasticsearch.StartAsync();
        _client = new HttpClient { BaseAddress = _es.BaseUri };
        for (var i = 0; i < 20; i++)
        {
            _es.Add($"d{i}", $$"""{"title":"item {{i}}","brand":"b{{i % 3}}","category":["Home","Lamps"],"price":{{i}}}""");
        }

        _es.Add("has-vector", """{"title":"kept","embedding":[1,0,0,0,0,0,0,0]}""");
        _es.Add("no-text", """{"price":3,"stock":1}""");
        _es.Add("empty-text", """{"title":"  ","brand":""}""");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _es.DisposeAsync();
    }

    private Task<BackfillResult> Run(int batchSize = 8, Action<BackfillProgress>? onReport = null, string index = "products",
        CancellationToken ct = default) =>
        EmbeddingBackfill.RunAsync(_client, index, ItemEmbeddingOptions.Default, _embedder, batchSize,
            new SyncProgress<BackfillProgress>(p =>
            {
                _reports.Add(p);
                onReport?.Invoke(p);
            }), FastRetries, TimeProvider.System, ct == default ? TestContext.Current.CancellationToken : ct);

    private static float[] Vector(JsonObject doc) => doc["embedding"]!.AsArray().Select(n => n!.GetValue<float>()).ToArray();

    [Fact]
    public async Task RunAsync_IndexWithoutVectors_EmbedsEveryDocInBatchesAndWritesThemBack()
    {
        var result = await Run(batchSize: 8);

        Assert.Equal(21, result.Final.Total); // 20 items + the one whose text fields are blank
        Assert.Equal(20, result.Final.Done);
        Assert.Equal(1, result.Final.Skipped);
        Assert.Equal(0, result.Final.Failed);
        Assert.False(result.Complete);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(FakeTextEmbedder.Vector($"item {i} | b{i % 3} | Home > Lamps"), Vector(_es.Get($"d{i}")));
            Assert.Equal(i, _es.Get($"d{i}")["price"]!.GetValue<int>()); // the rest of the document is untouched
        }

        Assert.Equal([1f, 0, 0, 0, 0, 0, 0, 0], Vector(_es.Get("has-vector")));
        Assert.False(_es.Get("no-text").ContainsKey("embedding"));
        Assert.All(_embedder.Calls, c => Assert.InRange(c.Count, 1, 8));
        Assert.Equal(20, _embedder.Calls.Sum(c => c.Count));
        var bulks = _es.Requests.Where(r => r.Target.Contains("/_bulk", StringComparison.Ordinal)).ToList();
        Assert.Equal(_embedder.Calls.Count, bulks.Count); // one bulk per page
        Assert.All(bulks, b => Assert.Equal("/_bulk?refresh=wait_for", b.Target));
        Assert.All(bulks, b => Assert.Equal("application/x-ndjson", b.Headers["Content-Type"]));
        var search = Encoding.UTF8.GetString(_es.Requests.First(r => r.Target.EndsWith("/_search", StringComparison.Ordinal)).Body);
        Assert.Contains("\"_source\":[\"title\",\"brand\",\"category\"]", search, StringComparison.Ordinal);
        Assert.Contains("\"sort\":[\"_doc\"]", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReportsProgress_MonotonicWithRateAndEta()
    {
        await Run(batchSize: 5);

        Assert.True(_reports.Count >= 5);
        Assert.Equal(0, _reports[0].Done);
        Assert.All(_reports, r => Assert.Equal(21, r.Total));
        Assert.Equal(_reports.Select(r => r.Processed).Order(), _reports.Select(r => r.Processed));
        Assert.Equal(1.0, _reports[^1].Fraction); // the last page's report is the final state
        Assert.Equal(TimeSpan.Zero, _reports[^1].Eta);
        Assert.True(_reports[^1].DocsPerSecond > 0);
    }

    [Fact]
    public async Task RunAsync_Interrupted_RerunResumesWithoutReembedding()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(batchSize: 6, onReport: p =>
        {
            if (p.Done >= 6)
            {
                cts.Cancel();
            }
        }, ct: cts.Token));
        var firstRun = _embedder.Calls.Sum(c => c.Count);

        var second = await Run(batchSize: 6);

        Assert.Equal(6, firstRun);
        Assert.Equal(15, second.Final.Total); // 14 items left + the blank one
        Assert.Equal(14, second.Final.Done);
        Assert.Equal(20, _embedder.Calls.SelectMany(c => c).Distinct().Count());
        Assert.Equal(20, _embedder.Calls.Sum(c => c.Count));
    }

    [Fact]
    public async Task RunAsync_BulkItemRejected_ReportedNotFatal()
    {
        _es.RejectIds.Add("d3");

        var result = await Run();

        Assert.Equal(19, result.Final.Done);
        Assert.Equal(1, result.Final.Failed);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("products", "d3", 400), (failure.Index, failure.Id, failure.Status));
        Assert.Contains("mapper_parsing_exception", failure.Reason, StringComparison.Ordinal);
        Assert.Single(_reports.SelectMany(r => r.NewFailures));
        Assert.False(_es.Get("d3").ContainsKey("embedding"));
    }

    [Fact]
    public async Task RunAsync_EmbedderReturnsNaN_ThatDocFailsOthersWritten()
    {
        _embedder.Override = t => t.StartsWith("item 7 ", StringComparison.Ordinal) ? [float.NaN, 0, 0, 0, 0, 0, 0, 0] : FakeTextEmbedder.Vector(t);

        var result = await Run();

        Assert.Equal(19, result.Final.Done);
        Assert.Equal("d7", Assert.Single(result.Failures).Id);
        Assert.False(_es.Get("d7").ContainsKey("embedding"));
    }

    [Fact]
    public async Task RunAsync_ConcurrentWrite_WriterWinsAsConflict()
    {
        float[] theirs = [0, 1, 0, 0, 0, 0, 0, 0];
        _es.ConcurrentWrites["d5"] = theirs;

        var result = await Run();

        Assert.Equal(1, result.Final.Conflicts);
        Assert.Equal(19, result.Final.Done);
        Assert.Equal(theirs, Vector(_es.Get("d5")));
    }

    [Fact]
    public async Task RunAsync_TransientHttpFailures_RetriedThenCompletes()
    {
        _es.FailNext = 3;
        var result = await Run();
        Assert.Equal(20, result.Final.Done);
        Assert.Equal(4, _es.Requests.Count(r => r.Target.EndsWith("/_count", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_PersistentHttpFailure_AbortsAfterThreeRetriesWithClearMessage()
    {
        _es.FailNext = int.MaxValue;
        var e = await Assert.ThrowsAsync<BackfillException>(() => Run());
        Assert.Equal(4, _es.Requests.Count);
        Assert.Equal(503, e.Status);
        Assert.Contains("POST /products/_count failed 4 times", e.Message, StringComparison.Ordinal);
        Assert.Contains("injected failure", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IndexNotFound_AbortsAtOnce()
    {
        var e = await Assert.ThrowsAsync<BackfillException>(() => Run(index: "nope"));
        Assert.Single(_es.Requests);
        Assert.Equal(404, e.Status);
        Assert.Contains("index_not_found_exception", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WritesNotVisible_StopsInsteadOfLooping()
    {
        _es.IgnoreWrites = true;
        var e = await Assert.ThrowsAsync<BackfillException>(() => Run());
        Assert.Contains("previous batch", e.Message, StringComparison.Ordinal);
        Assert.Single(_embedder.Calls); // the second page repeated the first: detected before embedding it again
    }
}
