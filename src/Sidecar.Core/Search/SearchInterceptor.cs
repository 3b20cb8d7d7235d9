using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Diagnostics;
using Sidecar.Proxy;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Sidecar.Embeddings;
using Sidecar.Personalization;
using Sidecar.Resilience;
using Sidecar.Ranking;
using Sidecar.Text;

namespace Sidecar.Search;

/// <summary>
/// The whole life of one intercepted search, in stage order (see <see cref="HandleAsync"/>). Anything the
/// sidecar adds that fails falls back to Elasticsearch's own answer; the reason goes to <c>X-Rerank</c>.
/// </summary>
public sealed class SearchInterceptor
{
    private static readonly string[] OwnedParameters =
        ["from", "size", "_source", "_source_includes", "_source_excludes", "_source_include", "_source_exclude"];

    private readonly UpstreamClient _upstream;
    private readonly PassThroughForwarder _passThrough;
    private readonly TimeProvider _time;
    private readonly ILogger<SearchInterceptor> _logger;

    private readonly SidecarMetrics _metrics;
    private readonly UpstreamPipelines _pipelines;
    private readonly ProfileLookup _profiles;
    private readonly Enrichment.ItemVectorResolver _vectors;

    public SearchInterceptor(UpstreamClient upstream, PassThroughForwarder passThrough, TimeProvider time, SidecarMetrics metrics,
        UpstreamPipelines pipelines, ProfileLookup profiles, Enrichment.ItemVectorResolver vectors, ILogger<SearchInterceptor> logger)
    {
        _vectors = vectors;
        _profiles = profiles;
        _pipelines = pipelines;
        _metrics = metrics;
        _upstream = upstream;
        _passThrough = passThrough;
        _time = time;
        _logger = logger;
    }

    /// <summary>Route -> read -> understand -> first stage -> rerank -> respond.</summary>
    public async Task HandleAsync(HttpContext context, SidecarOptions options, RerankProfile profile, string target)
    {
        var ct = context.RequestAborted;

        // 1. Read the body as sent (kept for pass-through) and decoded (for understanding).
        using var raw = new PooledBuffer();
        using var decoded = new PooledBuffer(1024);
        var limit = options.Server.MaxRequestBodyBytes;
        var status = await RequestBody.ReadRawAsync(context.Request, raw, limit, ct).ConfigureAwait(false);
        var body = ReadOnlyMemory<byte>.Empty;
        if (status == RequestBody.Status.Ok)
        {
            status = RequestBody.Decode(context.Request.Headers.ContentEncoding, raw, decoded, limit, out body);
        }

        if (status == RequestBody.Status.TooLarge)
        {
            await EsError.WriteAsync(context, 413, "request_entity_too_large_exception",
                $"request body is larger than server.max_request_body_bytes ({limit} bytes)").ConfigureAwait(false);
            return;
        }

        // 2. Understand the request: page, _source, and whether its order may be changed at all.
        var query = new QueryParameters(context.Request.QueryString.Value);
        using var plan = status == RequestBody.Status.BadEncoding
            ? SearchPlan.Skip(SkipReasons.Unparseable)
            : SearchRequestAnalyzer.Analyze(body, query, profile.Window);
        if (!plan.CanRerank)
        {
            await PassThroughAsync(context, raw, target, plan.SkipReason!).ConfigureAwait(false);
            return;
        }

        // 2a. Who is searching: the user's profile (header request.user_header), looked up while the first stage runs,
        //     within personalization.lookup.timeout_ms; anonymous when absent or invalid, "unavailable" when slow or failed.
        var user = Ranking.Features.UserFeature.AnyIn(profile.Reranker.Features)
            ? _profiles.LookupAsync(options, context.Request.Headers[options.Request.UserHeader].ToString(), ct)
            : Task.FromResult(UserLookup.Anonymous);

        // 2b. Query understanding: the user's text, analysed; predicted keywords (related terms, and the user's top
        //     interests when expansion is on: then the profile lookup is awaited first) expand the first stage.
        var queryText = plan.Query.ValueKind == JsonValueKind.Undefined ? query.Get("q") : QueryTextExtractor.Extract(plan.Query);
        var analyzed = profile.Query.Analyzer.Analyze(queryText);
        var interests = profile.Query.Predictor is not null && profile.Query.UserInterests > 0
            ? (await user.ConfigureAwait(false)).Profile?.TopInterests(profile.Query.UserInterests, 0.05)
            : null;
        using var expanded = Expand(profile.Query, plan, analyzed, interests);

        // 3. First stage: the window from the top, with the fields the features read.
        var leaveOut = profile.ReadsItemVectors && profile.ItemEmbedding.VectorsFrom == Enrichment.ItemVectorSource.Cache
            ? profile.ItemEmbedding.Field
            : null;
        var widened = plan.Source.ForFirstStage(profile.SourceFields, leaveOut, out var restore);
        using var upstreamBody = new PooledBuffer(Math.Max(body.Length + 128, 1024));
        UpstreamSearchBody.Write(upstreamBody, expanded?.Document.RootElement ?? plan.Body?.RootElement, profile.Window, widened);
        var pathAndQuery = context.Request.Path.Value + query.Without(OwnedParameters);

        // 3b. Model inputs (the query embedding) are computed while the first stage runs.
        var modelInputs = PrepareQueryEmbeddingsAsync(profile, queryText, ct);
        UpstreamExchange exchange;
        try
        {
            exchange = await _pipelines.Search.ExecuteAsync(
                static async (state, token) => await UpstreamExchange.SendAsync(state.Upstream, state.Request, state.PathAndQuery, state.Body,
                    state.UserHeader, token).ConfigureAwait(false),
                (Upstream: _upstream, context.Request, PathAndQuery: pathAndQuery, Body: upstreamBody.WrittenMemory,
                    UserHeader: options.Request.UserHeader), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                      or TaskCanceledException or IOException)
        {
            await Observe(modelInputs).ConfigureAwait(false);
            Log.UpstreamFailed(_logger, e.GetType().Name, context.Request.Method, context.Request.Path.Value ?? "/", e);
            var (code, type, reason) = UpstreamErrors.Describe(e, Math.Min(_upstream.Options.TimeoutMs, _pipelines.Options.SearchTotalTimeoutMs),
                _pipelines.Options.BreakerBreakMs);
            await EsError.WriteAsync(context, code, type, reason).ConfigureAwait(false);
            return;
        }

        using (exchange)
        {
            if (!exchange.IsSuccess)
            {
                // Elasticsearch rejected the search (or failed): its answer goes back as is.
                await RespondRawAsync(context, exchange, ProxyHeaders.Skipped(SkipReasons.UpstreamStatus)).ConfigureAwait(false);
                return;
            }

            using var response = SearchResponse.TryParse(exchange.Body.WrittenMemory);
            if (response is null)
            {
                await Observe(modelInputs).ConfigureAwait(false);
                await PassThroughAsync(context, raw, target, SkipReasons.UnparseableResponse).ConfigureAwait(false);
                return;
            }

            // 4-5. Features, score and order, within the profile's budget; on failure keep upstream order.
            var explain = IsTrue(context.Request.Headers[options.Request.ExplainHeader]);
            var lookup = await user.ConfigureAwait(false);
            using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(profile.BudgetMs), _time);

            // 4a. Item vectors of the window: from the hits, the item cache, or one _mget for the misses (within the budget).
            var vectors = profile.NeedsItemVectors(explain, lookup.Profile is not null)
                ? _vectors.ResolveAsync(profile.Name, profile.ItemEmbedding, response.Hits, context.Request, options.Request.UserHeader, budget.Token,
                    options.Embedder?.Dimensions ?? 384)
                : null;
            var failure = await WaitForModelInputsAsync(modelInputs, budget.Token).ConfigureAwait(false);
            using var itemVectors = vectors is null ? null : await vectors.ConfigureAwait(false);
            var seed = new RerankContext(profile, queryText, explain)
            {
                Query = analyzed, User = lookup.Profile, ItemVectors = itemVectors ?? Enrichment.ItemVectorSet.Empty,
            };
            if (failure is null)
            {
                HandOver(modelInputs.Result, seed);
            }

            var (result, outcome) = failure is not null
                ? (null, ProxyHeaders.Skipped(failure))
                : Rerank(profile, response, seed, budget);
            if (outcome == ProxyHeaders.Applied)
            {
                outcome = lookup.Unavailable ? UserLookup.UnavailableOutcome
                    : itemVectors is { FetchFailed: true } ? Enrichment.ItemVectorResolver.UnavailableOutcome
                    : outcome;
            }

            // 6. Respond with the client's page.
            exchange.CopyStatusAndHeaders(context.Response);
            context.Response.Headers[ProxyHeaders.Rerank] = outcome;
            using var output = new PooledBuffer(exchange.Body.Length + 1024);
            SearchResponseWriter.Write(output, response, plan, restore ? plan.Source : null, result,
                explain ? profile.Reranker.Features : null);
            context.Response.ContentLength = output.Length;
            await context.Response.Body.WriteAsync(output.WrittenMemory, ct).ConfigureAwait(false);
        }
    }

    private (RerankResult? Result, string Outcome) Rerank(RerankProfile profile, SearchResponse response, RerankContext seed,
        CancellationTokenSource budget)
    {
        var started = _time.GetTimestamp();
        using var _ = new RerankTimer(_metrics, profile.Name, _time, started);
        var context = seed.WithBudget(budget.Token);
        try
        {
            var result = profile.Reranker.Rerank(context, response.Hits);
            if (budget.IsCancellationRequested)
            {
                return (null, ProxyHeaders.Skipped(SkipReasons.Budget));
            }

            foreach (var score in result.Scores)
            {
                if (!double.IsFinite(score))
                {
                    throw new InvalidOperationException($"profile {profile.Name} produced a non-finite score; check feature weights");
                }
            }

            return (result, ProxyHeaders.Applied);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return (null, ProxyHeaders.Skipped(SkipReasons.Budget));
        }
        catch (Exception e)
        {
            Log.RerankFailed(_logger, profile.Name, e);
            return (null, ProxyHeaders.Skipped(SkipReasons.RerankError));
        }
    }

    /// <summary>
    /// Starts the query embeddings the profile's features need (LRU hits return at once), through the model
    /// pipeline's concurrency limit. Never throws: the task's result is the vectors or the failure.
    /// </summary>
    private Task<ModelInputs> PrepareQueryEmbeddingsAsync(RerankProfile profile, string? queryText, CancellationToken ct)
    {
        if (profile.QueryEmbedders.Count == 0 || string.IsNullOrWhiteSpace(queryText))
        {
            return Task.FromResult(ModelInputs.None);
        }

        return Run();

        async Task<ModelInputs> Run()
        {
            try
            {
                var vectors = new float[profile.QueryEmbedders.Count][];
                for (var i = 0; i < vectors.Length; i++)
                {
                    var embedder = profile.QueryEmbedders[i];
                    vectors[i] = await _pipelines.Model.ExecuteAsync(
                        static async (state, token) => await state.embedder.EmbedQueryAsync(state.queryText, token).ConfigureAwait(false),
                        (embedder, queryText), ct).ConfigureAwait(false);
                }

                return new ModelInputs(profile.QueryEmbedders, vectors, null);
            }
            catch (RateLimiterRejectedException)
            {
                return new ModelInputs([], [], SkipReasons.ModelBusy);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.ModelFailed(_logger, profile.Name, e);
                return new ModelInputs([], [], SkipReasons.ModelError);
            }
        }
    }

    /// <summary>Waits for the model inputs within the budget; returns the skip reason on failure.</summary>
    private static async Task<string?> WaitForModelInputsAsync(Task<ModelInputs> inputs, CancellationToken budget)
    {
        try
        {
            return (await inputs.WaitAsync(budget).ConfigureAwait(false)).Failure;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return SkipReasons.Budget;
        }
    }

    /// <summary>Hands the computed query embeddings to the context.</summary>
    private static void HandOver(ModelInputs ready, RerankContext context)
    {
        for (var i = 0; i < ready.Embedders.Count; i++)
        {
            context.SetQueryEmbedding(ready.Embedders[i], ready.Vectors[i]);
        }
    }

    private static async Task Observe(Task<ModelInputs> inputs)
    {
        try
        {
            await inputs.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the client went away; nothing to observe
        }
    }

    private sealed record ModelInputs(IReadOnlyList<ITextEmbedder> Embedders, float[][] Vectors, string? Failure)
    {
        public static readonly ModelInputs None = new([], [], null);
    }

    /// <summary>The body with predicted keywords added as optional clauses, or null when nothing is added.</summary>
    private static ExpandedBody? Expand(QueryUnderstanding understanding, SearchPlan plan, AnalyzedQuery analyzed,
        IReadOnlyList<WeightedKeyword>? interests)
    {
        if (understanding.Predictor is not { } predictor || understanding.Rewriter is not { } rewriter || analyzed.IsEmpty ||
            plan.Body is not { } body)
        {
            return null;
        }

        var keywords = predictor.Predict(analyzed, interests);
        if (keywords.Count == 0)
        {
            return null;
        }

        var buffer = new PooledBuffer(1024);
        if (rewriter.Rewrite(body.RootElement, keywords, buffer) == ExpansionMode.None)
        {
            buffer.Dispose();
            return null;
        }

        return new ExpandedBody(buffer);
    }

    private async Task PassThroughAsync(HttpContext context, PooledBuffer raw, string target, string reason)
    {
        Log.RerankSkipped(_logger, target, reason);
        context.Request.Body = new ReadOnlyMemoryStream(raw.WrittenMemory);
        await _passThrough.ForwardAsync(context, ProxyHeaders.Skipped(reason)).ConfigureAwait(false);
    }

    private static async Task RespondRawAsync(HttpContext context, UpstreamExchange exchange, string outcome)
    {
        exchange.CopyStatusAndHeaders(context.Response);
        context.Response.Headers[ProxyHeaders.Rerank] = outcome;
        context.Response.ContentLength = exchange.Body.Length;
        await context.Response.Body.WriteAsync(exchange.Body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues v) =>
        v.Count > 0 && (string.Equals(v[0], "true", StringComparison.OrdinalIgnoreCase) || v[0] == "1");

    /// <summary>Records the rerank duration when the stage ends, however it ends.</summary>
    private readonly struct RerankTimer(SidecarMetrics metrics, string profile, TimeProvider time, long started) : IDisposable
    {
        public void Dispose() => metrics.Rerank(profile, time.GetElapsedTime(started));
    }
}
