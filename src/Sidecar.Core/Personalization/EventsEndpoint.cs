using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Proxy;

namespace Sidecar.Personalization;

/// <summary>
/// <c>POST /_rerank/events</c> (admin key): a JSON array or NDJSON of
/// <c>{event_id, user_id, type, item_id, index, query?, timestamp?}</c>. Valid events are stored (idempotent
/// by event_id), then applied to their profiles; the answer comes only after Elasticsearch accepted the
/// writes and lists every rejected or failed event with its position and reasons. Answers: 200 (see
/// <see cref="EventsResponse"/>), 400 unreadable body, 413 too large, 429 + Retry-After under backpressure,
/// 503 + Retry-After when the events index cannot be written or no hash key is configured, 404 when off.
/// </summary>
public sealed class EventsEndpoint
{
    private readonly ConfigProvider _config;
    private readonly EventWriter _writer;
    private readonly ProfileUpdater _updater;
    private readonly IngestGate _gate;
    private readonly TimeProvider _time;
    private readonly ILogger<EventsEndpoint> _logger;

    public EventsEndpoint(ConfigProvider config, EventWriter writer, ProfileUpdater updater, IngestGate gate, TimeProvider time,
        ILogger<EventsEndpoint> logger)
    {
        _config = config;
        _writer = writer;
        _updater = updater;
        _gate = gate;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await HandleCoreAsync(context).ConfigureAwait(false);
        }
        catch (InvalidOperationException) when (!context.Response.HasStarted)
        {
            // System.Text.Json refuses text that is not valid Unicode (a lone surrogate escape such as \ud800).
            await JsonResponse.ErrorAsync(context, 400, "parse_exception",
                "the events contain text that is not valid Unicode (e.g. a lone surrogate escape such as \\ud800)").ConfigureAwait(false);
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var options = _config.Current;
        if (options.Personalization is not { Enabled: true } p)
        {
            await JsonResponse.ErrorAsync(context, 404, "resource_not_found_exception",
                "personalization is off (add a personalization section with enabled: true)").ConfigureAwait(false);
            return;
        }

        if (p.Hasher is null)
        {
            await JsonResponse.ErrorAsync(context, 503, "personalization_unavailable_exception",
                $"no user id hash key: set ${p.UserIdHashKeyEnv} or personalization.user_id_hash_key_file", p.Ingest.RetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        using var raw = new PooledBuffer();
        using var decoded = new PooledBuffer(1024);
        var limit = options.Server.MaxRequestBodyBytes;
        var status = await RequestBody.ReadRawAsync(context.Request, raw, limit, context.RequestAborted).ConfigureAwait(false);
        var body = ReadOnlyMemory<byte>.Empty;
        if (status == RequestBody.Status.Ok)
        {
            status = RequestBody.Decode(context.Request.Headers.ContentEncoding, raw, decoded, limit, out body);
        }

        if (status != RequestBody.Status.Ok)
        {
            await (status == RequestBody.Status.TooLarge
                ? JsonResponse.ErrorAsync(context, 413, "request_entity_too_large_exception", $"body larger than server.max_request_body_bytes ({limit} bytes)")
                : JsonResponse.ErrorAsync(context, 400, "parse_exception", "the body could not be decoded (Content-Encoding)")).ConfigureAwait(false);
            return;
        }

        var parsed = EventBatchReader.Read(body.Span, p.Ingest.MaxEventsPerRequest, out var error);
        if (parsed is null)
        {
            var tooMany = error!.StartsWith("more than", StringComparison.Ordinal);
            await JsonResponse.ErrorAsync(context, tooMany ? 413 : 400, tooMany ? "request_entity_too_large_exception" : "parse_exception", error)
                .ConfigureAwait(false);
            return;
        }

        var response = new EventsResponse(parsed.Count);
        var validator = new EventValidator(options, p.Hasher, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var valid = new List<BehaviourEvent>(parsed.Count);
        var positions = new List<int>(parsed.Count);
        for (var i = 0; i < parsed.Count; i++)
        {
            var reasons = new List<string>();
            var e = parsed[i].Problem is { } problem ? Reject(reasons, problem) : ValidateSafely(validator, parsed[i].Event, reasons);
            if (e is null)
            {
                response.Rejected.Add(new EventsResponse.Problem(i, SafeEventId(parsed[i].Event), reasons, null));
                continue;
            }

            valid.Add(e);
            positions.Add(i);
        }

        if (valid.Count > 0 && !await StoreAsync(context, options, p, valid, positions, response).ConfigureAwait(false))
        {
            return;
        }

        PersonalizationLog.EventsHandled(_logger, response.Accepted, response.Duplicates, response.Rejected.Count, response.Failed.Count);
        response.TookMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await JsonResponse.WriteAsync(context, 200, response.Write).ConfigureAwait(false);
    }

    /// <summary>Stores and applies <paramref name="valid"/>; false when an error answer was already written.</summary>
    private async Task<bool> StoreAsync(HttpContext context, SidecarOptions options, PersonalizationOptions p, List<BehaviourEvent> valid,
        List<int> positions, EventsResponse response)
    {
        if (!_gate.TryEnter(valid.Count, p.Ingest.MaxInFlightEvents))
        {
            PersonalizationLog.Backpressure(_logger, _gate.InFlight, valid.Count);
            await JsonResponse.ErrorAsync(context, 429, "es_rejected_execution_exception",
                $"too many events in flight (personalization.ingest.max_in_flight_events = {p.Ingest.MaxInFlightEvents}): retry later",
                p.Ingest.RetryAfterSeconds).ConfigureAwait(false);
            return false;
        }

        try
        {
            EventWriteResult[] results;
            try
            {
                results = await _writer.WriteAsync(valid).ConfigureAwait(false);
            }
            catch (StoreException e)
            {
                PersonalizationLog.EventsNotStored(_logger, e.Message);
                await JsonResponse.ErrorAsync(context, 503, "unavailable_shards_exception", "events could not be stored: " + e.Message,
                    p.Ingest.RetryAfterSeconds).ConfigureAwait(false);
                return false;
            }

            var created = new List<BehaviourEvent>(valid.Count);
            for (var i = 0; i < results.Length; i++)
            {
                switch (results[i].Status)
                {
                    case EventWriteStatus.Created:
                        created.Add(valid[i]);
                        response.Accepted++;
                        break;
                    case EventWriteStatus.Duplicate:
                        response.Duplicates++;
                        break;
                    default:
                        response.Failed.Add(new EventsResponse.Problem(positions[i], valid[i].EventId, [results[i].Reason ?? "not stored"], results[i].HttpStatus));
                        break;
                }
            }

            // Acknowledged events are stored; applying them to profiles is not tied to the client connection.
            response.ProfilesPending = await _updater.ApplyAsync(created, options, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Exit(valid.Count);
        }
    }

    private static BehaviourEvent? Reject(List<string> reasons, string problem)
    {
        reasons.Add(problem);
        return null;
    }

    private static string? SafeEventId(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("event_id"u8, out var id) && id.ValueKind == JsonValueKind.String &&
        id.GetString() is { } s && UserIdentity.IsValid(s) ? s : null;

    /// <summary>Validates one event; text that is not valid UTF-16 (a lone surrogate escape) rejects the event, never the request.</summary>
    private static BehaviourEvent? ValidateSafely(EventValidator validator, JsonElement e, List<string> reasons)
    {
        try
        {
            return validator.Validate(e, reasons);
        }
        catch (InvalidOperationException)
        {
            reasons.Add("a text field is not valid Unicode (e.g. a lone surrogate escape such as \\ud800)");
            return null;
        }
    }
}
