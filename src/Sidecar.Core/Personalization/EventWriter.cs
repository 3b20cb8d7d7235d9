using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// Stores events with group commit: events of concurrent requests queue up, and each of a few writer
/// loops sends whatever is queued (up to <c>ingest.bulk_max_events</c>) as one <c>_bulk</c> of <c>create</c>
/// operations with <c>_id</c> = event_id. A 409 means the event was stored before (idempotency). A request
/// completes only when Elasticsearch has answered for its events, so what is acknowledged is stored.
/// </summary>
public sealed class EventWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly PersonalizationStore _store;
    private readonly ConfigProvider _config;
    private readonly Task[] _loops;

    public EventWriter(PersonalizationStore store, ConfigProvider config)
    {
        _store = store;
        _config = config;
        var n = config.Current.Personalization?.Ingest.BulkConcurrency ?? 1;
        _loops = Enumerable.Range(0, n).Select(_ => Task.Run(LoopAsync)).ToArray();
    }

    /// <summary>Stores <paramref name="events"/>; one result per event, in order. Throws <see cref="StoreException"/> when the bulk failed as a whole.</summary>
    public Task<EventWriteResult[]> WriteAsync(IReadOnlyList<BehaviourEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var pending = new PendingWrite(events, new TaskCompletionSource<EventWriteResult[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task
            : Task.FromException<EventWriteResult[]>(new StoreException("the sidecar is shutting down"));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var options = _config.Current.Personalization ?? new PersonalizationOptions();
            batch.Clear();
            var count = 0;
            while (count < options.Ingest.BulkMaxEvents && reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Events.Count;
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch, options).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch, PersonalizationOptions options)
    {
        try
        {
            var timeout = options.Ingest.StoreTimeoutMs;
            await _store.EnsureIndexAsync(options.EventsIndex, IndexMappings.Events.ToArray(), timeout, CancellationToken.None).ConfigureAwait(false);
            var response = await _store.SendAsync(HttpMethod.Post, "/_bulk", BulkBody(batch, options.EventsIndex), timeout, CancellationToken.None,
                "application/x-ndjson").ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw response.Unexpected("storing events");
            }

            using var doc = response.Json();
            if (!doc.RootElement.TryGetProperty("items"u8, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw response.Unexpected("storing events (no items in the answer)");
            }

            using var results = items.EnumerateArray();
            foreach (var pending in batch)
            {
                var outcome = new EventWriteResult[pending.Events.Count];
                for (var i = 0; i < outcome.Length; i++)
                {
                    outcome[i] = results.MoveNext() ? Result(results.Current) : new EventWriteResult(EventWriteStatus.Failed, 0, "no answer for this event");
                }

                pending.Completion.TrySetResult(outcome);
            }
        }
        catch (Exception e)
        {
            var error = e as StoreException ?? new StoreException("storing events failed: " + e.Message, e);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(error);
            }
        }
    }

    private static EventWriteResult Result(JsonElement item)
    {
        var op = item.EnumerateObject().FirstOrDefault().Value;
        var status = op.ValueKind == JsonValueKind.Object && op.TryGetProperty("status"u8, out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var code) ? code : 0;
        if (status is >= 200 and < 300)
        {
            return new EventWriteResult(EventWriteStatus.Created, status, null);
        }

        if (status == 409)
        {
            return new EventWriteResult(EventWriteStatus.Duplicate, status, null);
        }

        var reason = op.ValueKind == JsonValueKind.Object && op.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.Object &&
            error.TryGetProperty("type"u8, out var type) ? type.GetString() : null;
        return new EventWriteResult(EventWriteStatus.Failed, status, reason ?? $"HTTP {status}");
    }

    private static byte[] BulkBody(List<PendingWrite> batch, string index)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        foreach (var pending in batch)
        {
            foreach (var e in pending.Events)
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteStartObject("create"u8);
                    w.WriteString("_index"u8, index);
                    w.WriteString("_id"u8, e.EventId);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                buffer.Write("\n"u8);
                using (var w = new Utf8JsonWriter(buffer))
                {
                    EventJson.Write(w, e);
                }

                buffer.Write("\n"u8);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record PendingWrite(IReadOnlyList<BehaviourEvent> Events, TaskCompletionSource<EventWriteResult[]> Completion);
}
