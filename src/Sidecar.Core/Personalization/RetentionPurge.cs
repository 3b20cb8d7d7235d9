using Microsoft.Extensions.Logging;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// Enforces <c>retention_days</c>: deletes events whose <c>timestamp</c> and profiles whose <c>updated_at</c>
/// are older than the retention period. (Lookups already ignore such profiles, and the events API refuses
/// such events.) Idempotent; every replica may run it.
/// </summary>
public sealed class RetentionPurge
{
    private readonly QueryDeleter _deleter;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionPurge> _logger;

    public RetentionPurge(QueryDeleter deleter, TimeProvider time, ILogger<RetentionPurge> logger)
    {
        _deleter = deleter;
        _time = time;
        _logger = logger;
    }

    public async Task<(long Events, long Profiles)> RunOnceAsync(SidecarOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Personalization is not { IsActive: true, RetentionDays: > 0 } p)
        {
            return (0, 0);
        }

        var cutoff = EpochTime.Iso(p.RetentionCutoffMs(_time.GetUtcNow().ToUnixTimeMilliseconds()));
        var events = await _deleter.DeleteAsync(p.EventsIndex, w => OlderThan(w, "timestamp"u8, cutoff), p.Ingest.StoreTimeoutMs, ct)
            .ConfigureAwait(false);
        var profiles = await _deleter.DeleteAsync(p.ProfilesIndex, w => OlderThan(w, "updated_at"u8, cutoff), p.Ingest.StoreTimeoutMs, ct)
            .ConfigureAwait(false);
        if (events + profiles > 0)
        {
            PersonalizationLog.Purged(_logger, events, profiles);
        }

        return (events, profiles);
    }

    private static void OlderThan(System.Text.Json.Utf8JsonWriter w, ReadOnlySpan<byte> field, string cutoff)
    {
        w.WriteStartObject();
        w.WriteStartObject("range"u8);
        w.WriteStartObject(field);
        w.WriteString("lt"u8, cutoff);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
