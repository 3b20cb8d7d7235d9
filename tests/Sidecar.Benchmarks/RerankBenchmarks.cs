using BenchmarkDotNet.Attributes;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Ranking.Scoring;

namespace Sidecar.Benchmarks;

/// <summary>
/// Stages 4-5 for one request: every feature of the default profile (config/sidecar.yaml) over a 100-hit
/// window, weighted sum and order, with warm caches (query embedding in the LRU; item embeddings in
/// <c>_source</c> or in the item cache). Baseline: a reranker with the first-stage score alone.
/// Target (issue 3 item 8): under 100 us and under 20 KB allocated per request.
/// </summary>
[Config(typeof(BenchConfig))]
public class RerankBenchmarks
{
    private RerankFixture _fixture = null!;
    private WeightedSumReranker _firstStageOnly = null!;
    private int _overBudget;

    /// <summary>Where the item embeddings come from: the hit's <c>_source</c>, or the in-memory item cache.</summary>
    [Params("_source", "item cache")]
    public string ItemEmbeddings { get; set; } = "_source";

    private Enrichment.ItemVectorResolver _resolver = null!;
    private Microsoft.AspNetCore.Http.HttpRequest _client = null!;
    private Diagnostics.SidecarMetrics _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new RerankFixture(ItemEmbeddings == "_source");
        _metrics = new Diagnostics.SidecarMetrics();
        _resolver = new Enrichment.ItemVectorResolver(new Proxy.UpstreamClient(_fixture.Options.Upstream), _fixture.Runtime.ItemCache, _metrics,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Enrichment.ItemVectorResolver>.Instance);
        _client = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        _firstStageOnly = new WeightedSumReranker([new FirstStageScoreFeature("bm25", 1.0, "min_max")]);
        var result = _fixture.Profile.Reranker.Rerank(_fixture.NewContext(), _fixture.Response.Hits);
        Console.WriteLine($"// features: {string.Join(", ", _fixture.Profile.Reranker.Features.Select(f => $"{f.Name}({f.Type}, w={f.Weight})"))}");
        Console.WriteLine($"// top 3 after rerank: {string.Join(", ", result.Order.Take(3))}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_overBudget > 0)
        {
            Console.WriteLine($"// {_overBudget} call(s) overran budget_ms={_fixture.Profile.BudgetMs} and failed open");
        }

        _fixture.Dispose();
        _metrics.Dispose();
    }

    [Benchmark(Baseline = true, Description = "first_stage_score only")]
    public RerankResult FirstStageOnly() => _firstStageOnly.Rerank(_fixture.NewContext(), _fixture.Response.Hits);

    [Benchmark(Description = "default profile")]
    public RerankResult DefaultProfile() => _fixture.Profile.Reranker.Rerank(_fixture.NewContext(), _fixture.Response.Hits);

    /// <summary>
    /// As the search path runs stage 4: the window's item vectors resolved once by <see cref="Enrichment.ItemVectorResolver"/>
    /// (parsed from <c>_source</c>, or looked up in the item cache: every vector is cached, so no <c>_mget</c>), then the
    /// features read them from the context.
    /// </summary>
    [Benchmark(Description = "default profile, vectors resolved as the search path does")]
    public RerankResult DefaultProfileWithResolver()
    {
        using var vectors = _resolver.ResolveAsync(_fixture.Profile.Name, _fixture.Profile.ItemEmbedding, _fixture.Response.Hits, _client, null,
            CancellationToken.None).GetAwaiter().GetResult();
        var context = new RerankContext(_fixture.Profile, RerankFixture.QueryText, explain: false)
        {
            Query = _fixture.Query, ItemVectors = vectors,
        };
        return _fixture.Profile.Reranker.Rerank(context, _fixture.Response.Hits);
    }

    /// <summary>
    /// As <see cref="Search.SearchInterceptor"/> runs it: a budget token source per request (budget_ms) and the
    /// finite-score check. A call that overruns the budget fails open (null), as a request would.
    /// </summary>
    [Benchmark(Description = "default profile, as the interceptor (budget timer)")]
    public RerankResult? DefaultProfileWithBudget()
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(_fixture.Profile.BudgetMs), TimeProvider.System);
        try
        {
            var result = _fixture.Profile.Reranker.Rerank(_fixture.NewContext(budget.Token), _fixture.Response.Hits);
            foreach (var score in result.Scores)
            {
                if (!double.IsFinite(score))
                {
                    throw new InvalidOperationException("non-finite score");
                }
            }

            return budget.IsCancellationRequested ? null : result;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            Interlocked.Increment(ref _overBudget);
            return null;
        }
    }
}
