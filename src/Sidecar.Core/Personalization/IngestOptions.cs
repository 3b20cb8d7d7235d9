namespace Sidecar.Personalization;

/// <summary>Events API limits and the profile update loop (YAML <c>personalization.ingest</c>).</summary>
public sealed record IngestOptions
{
    /// <summary>Most events in one POST (YAML <c>max_events_per_request</c>); more is a 413. Default 10000.</summary>
    public int MaxEventsPerRequest { get; init; } = 10_000;

    /// <summary>Valid events being stored at once by this process (YAML <c>max_in_flight_events</c>); beyond it: 429. Default 20000.</summary>
    public int MaxInFlightEvents { get; init; } = 20_000;

    /// <summary>Seconds in the <c>Retry-After</c> header of a 429 or 503 (YAML <c>retry_after_s</c>). Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Most events in one <c>_bulk</c> to the events index; concurrent requests share bulks (YAML <c>bulk_max_events</c>). Default 1000.</summary>
    public int BulkMaxEvents { get; init; } = 1000;

    /// <summary>Bulks sent to the events index at the same time (YAML <c>bulk_concurrency</c>). Default 2.</summary>
    public int BulkConcurrency { get; init; } = 2;

    /// <summary>Read-modify-write attempts of one profile when other writers get there first (YAML <c>max_update_attempts</c>). Default 20.</summary>
    public int MaxUpdateAttempts { get; init; } = 20;

    /// <summary>Time allowed for each of the sidecar's own requests to the events/profiles indices, in ms (YAML <c>store_timeout_ms</c>). Default 10000.</summary>
    public int StoreTimeoutMs { get; init; } = 10_000;

    /// <summary>How far in the future an event timestamp may be (clock skew), in seconds (YAML <c>max_future_skew_s</c>). Default 300.</summary>
    public int MaxFutureSkewSeconds { get; init; } = 300;
}
