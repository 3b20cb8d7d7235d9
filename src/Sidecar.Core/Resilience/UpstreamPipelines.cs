using System.Net;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Sidecar.Proxy;

namespace Sidecar.Resilience;

/// <summary>
/// The named Polly pipelines, built once from <see cref="ResilienceOptions"/> with an injected
/// <see cref="TimeProvider"/>: <c>search</c> (total timeout -> retry on connection failure or 503 ->
/// circuit breaker -> attempt timeout) and <c>model</c> (bounded concurrency with a queue limit). Pass-through
/// consults the same breaker so that it fails fast while the upstream is down.
/// </summary>
public sealed class UpstreamPipelines : IDisposable
{
    public const string SearchPipeline = "search";
    public const string ModelPipeline = "model";

    private readonly CircuitBreakerStateProvider _breakerState = new();
    private readonly ConcurrencyLimiter _modelLimiter;

    public UpstreamPipelines(ResilienceOptions options, TimeProvider time)
    {
        Options = options;
        Search = new ResiliencePipelineBuilder<UpstreamExchange> { TimeProvider = time, Name = SearchPipeline }
            .AddTimeout(TimeSpan.FromMilliseconds(options.SearchTotalTimeoutMs))
            .AddRetry(new RetryStrategyOptions<UpstreamExchange>
            {
                MaxRetryAttempts = Math.Max(options.SearchRetries, 1),
                ShouldHandle = args => ValueTask.FromResult(options.SearchRetries > 0 && IsRetryable(args.Outcome)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.SearchRetryBackoffMs),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<UpstreamExchange>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromMilliseconds(options.BreakerSamplingMs),
                BreakDuration = TimeSpan.FromMilliseconds(options.BreakerBreakMs),
                StateProvider = _breakerState,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            })
            .AddTimeout(TimeSpan.FromMilliseconds(options.SearchAttemptTimeoutMs))
            .Build();

        _modelLimiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.ModelMaxConcurrency,
            QueueLimit = options.ModelQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        Model = new ResiliencePipelineBuilder { TimeProvider = time, Name = ModelPipeline }
            .AddRateLimiter(_modelLimiter)
            .Build();
    }

    public ResilienceOptions Options { get; }

    /// <summary>First-stage searches (buffered, idempotent: safe to retry).</summary>
    public ResiliencePipeline<UpstreamExchange> Search { get; }

    /// <summary>Model inference on the search path: bounded concurrency, bounded queue.</summary>
    public ResiliencePipeline Model { get; }

    /// <summary>Open or isolated breaker: upstream calls are refused at once.</summary>
    public bool BreakerOpen => _breakerState.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>0 closed, 1 half-open, 2 open, 3 isolated (for the breaker-state gauge).</summary>
    public int BreakerStateValue => _breakerState.CircuitState switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        _ => 3,
    };

    public void Dispose() => _modelLimiter.Dispose();

    private static bool IsRetryable(Outcome<UpstreamExchange> outcome) =>
        outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } ||
        outcome.Result is { StatusCode: (int)HttpStatusCode.ServiceUnavailable };

    private static bool IsFailure(Outcome<UpstreamExchange> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException ||
        outcome.Result is { StatusCode: 502 or 503 or 504 };
}
