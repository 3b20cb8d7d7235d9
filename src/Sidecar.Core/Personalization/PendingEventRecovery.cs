using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// Applies events that were stored (and acknowledged) but never applied to their profile, because the
/// replica that stored them stopped in between: events still <c>pending</c> after
/// <c>maintenance.pending_grace_s</c>, oldest first, a page at a time. Safe to run on every replica at once:
/// a profile never applies an event id twice.
/// </summary>
public sealed class PendingEventRecovery
{
    private const int PageSize = 500;
    private readonly PersonalizationStore _store;
    private readonly ProfileUpdater _updater;
    private readonly TimeProvider _time;
    private readonly ILogger<PendingEventRecovery> _logger;

    public PendingEventRecovery(PersonalizationStore store, ProfileUpdater updater, TimeProvider time, ILogger<PendingEventRecovery> logger)
    {
        _store = store;
        _updater = updater;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one sweep; returns how many events were applied.</summary>
    public async Task<int> RunOnceAsync(SidecarOptions options, CancellationToken ct, int maxPages = 20)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Personalization is not { IsActive: true } p)
        {
            return 0;
        }

        var cutoff = EpochTime.Iso(_time.GetUtcNow().ToUnixTimeMilliseconds() - (p.Maintenance.PendingGraceSeconds * 1000L));
        var query = Ndjson.Document(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size"u8, PageSize);
            w.WriteStartObject("query"u8);
            w.WriteStartObject("bool"u8);
            w.WriteStartArray("filter"u8);
            w.WriteStartObject();
            w.WriteStartObject("match"u8); // match, not term: also right if the index was auto-created with dynamic mappings
            w.WriteString("state"u8, EventJson.Pending);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteStartObject("range"u8);
            w.WriteStartObject("received_at"u8);
            w.WriteString("lt"u8, cutoff);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("sort"u8);
            w.WriteStartObject();
            w.WriteString("received_at"u8, "asc");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });

        var applied = 0;
        for (var page = 0; page < maxPages; page++)
        {
            var timeout = p.Ingest.StoreTimeoutMs;
            await _store.SendAsync(HttpMethod.Post, $"/{p.EventsIndex}/_refresh?ignore_unavailable=true", null, timeout, ct).ConfigureAwait(false);
            var found = await _store.SendAsync(HttpMethod.Post, $"/{p.EventsIndex}/_search?ignore_unavailable=true", query, timeout, ct)
                .ConfigureAwait(false);
            if (found.Status == 404)
            {
                break;
            }

            if (!found.IsSuccess)
            {
                throw found.Unexpected("searching pending events");
            }

            var events = Read(found);
            if (events.Count == 0)
            {
                break;
            }

            var left = await _updater.ApplyAsync(events, options, ct).ConfigureAwait(false);
            applied += events.Count - left;
            if (left > 0 || events.Count < PageSize)
            {
                break; // the store is failing, or this was the last page
            }
        }

        if (applied > 0)
        {
            PersonalizationLog.Recovered(_logger, applied);
        }

        return applied;
    }

    private static List<BehaviourEvent> Read(StoreResponse found)
    {
        using var doc = found.Json();
        var events = new List<BehaviourEvent>();
        if (doc.RootElement.TryGetProperty("hits"u8, out var hits) && hits.TryGetProperty("hits"u8, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var hit in list.EnumerateArray())
            {
                if (hit.TryGetProperty("_id"u8, out var id) && id.GetString() is { } eventId && hit.TryGetProperty("_source"u8, out var source) &&
                    EventJson.Read(eventId, source) is { } e)
                {
                    events.Add(e);
                }
            }
        }

        return events;
    }
}
