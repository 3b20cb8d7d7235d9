using System.Net;

namespace Sidecar.Tests.Resilience;

/// <summary>
/// Fault matrix, model rows: the query-embedding model (a fake <see cref="Sidecar.Embeddings.ITextEmbedder"/> behind
/// <c>models.embedding</c>) throws, stalls past the profile's budget, or is busy. Every row answers 200 with the
/// upstream's order and says why in <c>X-Rerank</c>.
/// </summary>
public sealed class ModelFaultTests
{
    private const int ModelFailed = 2004;

    private static readonly string[] UpstreamOrder = Enumerable.Range(0, 10).Select(i => "d" + i).ToArray();

    private static string Profiles(int budgetMs) => $$"""
        models:
          embedding: { preset: minilm-l6-v2 }
        profiles:
          - name: products
            indices: [products]
            window: 100
            budget_ms: {{budgetMs}}
            item_embedding: { vectors_from: source }   # the canned upstream has no _mget; vector fetch faults: ItemVectorTests
            features:
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: rating, type: numeric_field, field: rating, weight: 5.0 }
              - { name: semantic, type: semantic_similarity, weight: 1.0 }
        """;

    private static Task<FaultHarness> StartAsync(FaultyEmbedder embedder, int budgetMs = 200, string? extraYaml = null) =>
        FaultHarness.StartAsync(Profiles(budgetMs), extraYaml, embedder: _ => embedder);

    [Fact]
    public async Task Fault_ModelAnswers_IsAppliedInNewOrder()
    {
        using var embedder = new FaultyEmbedder();
        await using var h = await StartAsync(embedder);

        var reply = await h.SearchAsync();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("applied", reply.Rerank);
        Assert.NotEqual(UpstreamOrder, reply.Ids()); // rating (weight 5) reorders: the control row of the matrix
        Assert.Equal(1, embedder.Calls);
    }

    [Fact]
    public async Task Fault_ModelThrows_IsUpstreamOrderWithModelError()
    {
        using var embedder = new FaultyEmbedder { Behaviour = FaultyEmbedder.Mode.Throw };
        await using var h = await StartAsync(embedder);

        var reply = await h.SearchAsync();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("skipped; reason=model_error", reply.Rerank);
        Assert.Equal(UpstreamOrder, reply.Ids());
        Assert.True(h.Logs.Has(ModelFailed));
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == ModelFailed && e.Exception!.Contains("injected model failure", StringComparison.Ordinal));
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Outcome("model_error")));
    }

    [Fact]
    public async Task Fault_ModelStallsPastBudget_IsUpstreamOrderWithBudget()
    {
        using var embedder = new FaultyEmbedder { Behaviour = FaultyEmbedder.Mode.Stall };
        await using var h = await StartAsync(embedder, budgetMs: 100);

        var reply = await h.SearchAsync();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("skipped; reason=budget", reply.Rerank);
        Assert.Equal(UpstreamOrder, reply.Ids());
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(5), $"took {reply.Elapsed}");
        Assert.False(h.Logs.Has(ModelFailed)); // a stall is not an error: it is counted, not logged
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Outcome("budget")));
        embedder.Release();
    }

    [Fact]
    public async Task Fault_ModelBusy_ConcurrentSearchIsUpstreamOrderWithModelBusy()
    {
        using var embedder = new FaultyEmbedder { StallOnly = "stalled query" };
        await using var h = await StartAsync(embedder, budgetMs: 300, extraYaml: "  model: { max_concurrency: 1, queue_limit: 0 }");

        // The first search takes the only inference slot and keeps it (its model call stalls).
        var first = h.SearchAsync("""{"query":{"match":{"title":"stalled query"}}}""");
        await embedder.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        var busy = await h.SearchAsync();
        Assert.Equal(HttpStatusCode.OK, busy.Status);
        Assert.Equal("skipped; reason=model_busy", busy.Rerank);
        Assert.Equal(UpstreamOrder, busy.Ids());
        Assert.True(busy.Elapsed < TimeSpan.FromSeconds(3), $"took {busy.Elapsed}: a full queue must fail open at once");

        var stalled = await first;
        Assert.Equal(HttpStatusCode.OK, stalled.Status);
        Assert.Equal("skipped; reason=budget", stalled.Rerank);
        embedder.Release();

        var metrics = await h.MetricsAsync();
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Outcome("model_busy")));
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Outcome("budget")));
        Assert.DoesNotContain("outcome=\"5xx\"", metrics, StringComparison.Ordinal);
    }
}
