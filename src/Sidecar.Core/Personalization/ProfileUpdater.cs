using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Enrichment;

namespace Sidecar.Personalization;

/// <summary>
/// Applies stored events to their users' profiles. Per user: read the profile (realtime GET), apply the
/// events it has not applied yet (ids kept in the profile), write it back naming the <c>_seq_no</c> read;
/// on 409 another replica got there first, so read again and retry (increments are never lost, and never
/// doubled). Updates of one user within this process queue behind each other to avoid needless conflicts.
/// Finally the events are marked <c>applied</c>; events whose profile could not be written stay
/// <c>pending</c> for <see cref="PendingEventRecovery"/>.
/// </summary>
public sealed class ProfileUpdater
{
    private readonly ProfileRepository _profiles;
    private readonly ItemCatalog _catalog;
    private readonly ProfileCache _cache;
    private readonly PersonalizationStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ProfileUpdater> _logger;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public ProfileUpdater(ProfileRepository profiles, ItemCatalog catalog, ProfileCache cache, PersonalizationStore store, TimeProvider time,
        ILogger<ProfileUpdater> logger)
    {
        _profiles = profiles;
        _catalog = catalog;
        _cache = cache;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Applies <paramref name="events"/> (already stored); returns how many were left pending.</summary>
    public async Task<int> ApplyAsync(IReadOnlyList<BehaviourEvent> events, SidecarOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        var p = options.Personalization ?? throw new InvalidOperationException("personalization is not configured");
        if (events.Count == 0)
        {
            return 0;
        }

        Dictionary<ItemKey, ItemAttributes> items;
        try
        {
            items = await _catalog.FetchAsync(events.Where(e => e.Weight > 0).Select(Key), options, ct).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            PersonalizationLog.ProfileUpdateFailed(_logger, "(all)", events.Count, e.Message);
            return events.Count;
        }

        var applied = new ConcurrentQueue<BehaviourEvent>();
        var pending = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct };
        await Parallel.ForEachAsync(events.GroupBy(e => e.UserHash, StringComparer.Ordinal), parallel, async (user, token) =>
        {
            var list = user.OrderBy(e => e.TimestampMs).ToList();
            try
            {
                await UpdateUserAsync(user.Key, list, items, p, token).ConfigureAwait(false);
                list.ForEach(applied.Enqueue);
            }
            catch (StoreException e)
            {
                PersonalizationLog.ProfileUpdateFailed(_logger, UserIdHasher.ForLog(user.Key), list.Count, e.Message);
                Interlocked.Add(ref pending, list.Count);
            }
        }).ConfigureAwait(false);

        await MarkAppliedAsync([.. applied], p, ct).ConfigureAwait(false);
        return pending;
    }

    private async Task UpdateUserAsync(string userHash, List<BehaviourEvent> events, Dictionary<ItemKey, ItemAttributes> items,
        PersonalizationOptions p, CancellationToken ct)
    {
        var stripe = _stripes[(StringComparer.Ordinal.GetHashCode(userHash) & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var read = await _profiles.GetAsync(p, userHash, p.Ingest.StoreTimeoutMs, ct).ConfigureAwait(false);
                var state = read.State;
                var changed = false;
                foreach (var e in events)
                {
                    changed |= state.Apply(e, items.GetValueOrDefault(Key(e), ItemAttributes.None), p);
                }

                if (!changed)
                {
                    _cache.Set(userHash, read.Found ? state : null);
                    return;
                }

                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                state.UpdatedMs = now;
                state.Trim(now, p);
                if (await _profiles.TryPutAsync(p, read, state, p.Ingest.StoreTimeoutMs, ct).ConfigureAwait(false))
                {
                    _cache.Set(userHash, state);
                    return;
                }

                if (attempt >= p.Ingest.MaxUpdateAttempts)
                {
                    throw new StoreException($"the profile changed under {attempt} attempts in a row (ingest.max_update_attempts)");
                }

#pragma warning disable CA5394 // jitter, not security
                var backoff = Random.Shared.Next(1, 1 + (5 * Math.Min(attempt, 20)));
#pragma warning restore CA5394
                await Task.Delay(TimeSpan.FromMilliseconds(backoff), _time, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task MarkAppliedAsync(IReadOnlyList<BehaviourEvent> events, PersonalizationOptions p, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128 * events.Count);
        foreach (var e in events)
        {
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartObject("update"u8);
                w.WriteString("_index"u8, p.EventsIndex);
                w.WriteString("_id"u8, e.EventId);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartObject("doc"u8);
                w.WriteString("state"u8, EventJson.Applied);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
        }

        try
        {
            var response = await _store.SendAsync(HttpMethod.Post, "/_bulk", buffer.WrittenMemory, p.Ingest.StoreTimeoutMs, ct, "application/x-ndjson")
                .ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                PersonalizationLog.MarkAppliedFailed(_logger, response.Describe());
            }
        }
        catch (StoreException e)
        {
            PersonalizationLog.MarkAppliedFailed(_logger, e.Message);
        }
    }

    private static ItemKey Key(BehaviourEvent e) => new(e.Index, e.ItemId);
}
