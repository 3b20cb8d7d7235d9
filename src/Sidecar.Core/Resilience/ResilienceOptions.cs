using Sidecar.Configuration;

namespace Sidecar.Resilience;

/// <summary>
/// The named resilience pipelines' settings (YAML section <c>resilience</c>), with documented defaults.
/// <code>
/// resilience:
///   search:        { attempt_timeout_ms: 10000, total_timeout_ms: 30000, retries: 2, retry_backoff_ms: 50 }
///   breaker:       { failure_ratio: 0.5, minimum_throughput: 20, sampling_ms: 10000, break_ms: 5000 }
///   model:         { max_concurrency: 2, queue_limit: 32 }
/// </code>
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>Per-attempt timeout of a first-stage search (ms). Default 10000.</summary>
    public int SearchAttemptTimeoutMs { get; init; } = 10_000;

    /// <summary>Timeout of a first-stage search over all attempts (ms). Default 30000.</summary>
    public int SearchTotalTimeoutMs { get; init; } = 30_000;

    /// <summary>Retries of a search after a connection failure or a 503 (searches are idempotent reads). Default 2.</summary>
    public int SearchRetries { get; init; } = 2;

    /// <summary>Base delay of the jittered exponential backoff between retries (ms). Default 50.</summary>
    public int SearchRetryBackoffMs { get; init; } = 50;

    /// <summary>Share of failed upstream calls (connection errors, timeouts, 502/503/504) that opens the breaker. Default 0.5.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Calls needed in the sampling window before the breaker may open. Default 20.</summary>
    public int BreakerMinimumThroughput { get; init; } = 20;

    /// <summary>Sampling window of the breaker (ms). Default 10000.</summary>
    public int BreakerSamplingMs { get; init; } = 10_000;

    /// <summary>How long the breaker stays open, answering 503 at once, before it lets a probe through (ms). Default 5000.</summary>
    public int BreakerBreakMs { get; init; } = 5_000;

    /// <summary>Model inferences running at once on the search path. Default 2.</summary>
    public int ModelMaxConcurrency { get; init; } = 2;

    /// <summary>Inferences waiting for a slot; beyond it a search fails open at once (reason=model_busy). Default 32.</summary>
    public int ModelQueueLimit { get; init; } = 32;

    internal static ResilienceOptions Read(ConfigNode n)
    {
        var d = new ResilienceOptions();
        var search = n.Section("search");
        var breaker = n.Section("breaker");
        var model = n.Section("model");
        var r = new ResilienceOptions
        {
            SearchAttemptTimeoutMs = search.Int("attempt_timeout_ms", d.SearchAttemptTimeoutMs, 10, 600_000),
            SearchTotalTimeoutMs = search.Int("total_timeout_ms", d.SearchTotalTimeoutMs, 10, 3_600_000),
            SearchRetries = search.Int("retries", d.SearchRetries, 0, 10),
            SearchRetryBackoffMs = search.Int("retry_backoff_ms", d.SearchRetryBackoffMs, 1, 60_000),
            BreakerFailureRatio = breaker.Double("failure_ratio", d.BreakerFailureRatio, 0.01, 1.0),
            BreakerMinimumThroughput = breaker.Int("minimum_throughput", d.BreakerMinimumThroughput, 2, 100_000),
            BreakerSamplingMs = breaker.Int("sampling_ms", d.BreakerSamplingMs, 500, 3_600_000),
            BreakerBreakMs = breaker.Int("break_ms", d.BreakerBreakMs, 500, 3_600_000),
            ModelMaxConcurrency = model.Int("max_concurrency", d.ModelMaxConcurrency, 1, 1024),
            ModelQueueLimit = model.Int("queue_limit", d.ModelQueueLimit, 0, 100_000),
        };
        if (r.SearchTotalTimeoutMs < r.SearchAttemptTimeoutMs)
        {
            search.Errors.Add(search, "total_timeout_ms must be at least attempt_timeout_ms");
        }

        search.ReportUnknownKeys();
        breaker.ReportUnknownKeys();
        model.ReportUnknownKeys();
        n.ReportUnknownKeys();
        return r;
    }
}
