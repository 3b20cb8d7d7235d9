using System.Text.Json;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// Checks one event of the events API and turns it into a <see cref="BehaviourEvent"/> (user id hashed,
/// type weight fixed, timestamp defaulted to now). Every problem is listed; the reasons never repeat the
/// user id. Fields other than the documented ones are ignored.
/// </summary>
public sealed class EventValidator
{
    private const int MaxIdBytes = 512;
    private const int MaxQueryChars = 1024;
    private readonly SidecarOptions _options;
    private readonly PersonalizationOptions _p;
    private readonly UserIdHasher _hasher;
    private readonly long _nowMs;

    public EventValidator(SidecarOptions options, UserIdHasher hasher, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _p = options.Personalization ?? throw new ArgumentException("personalization is not configured", nameof(options));
        _hasher = hasher;
        _nowMs = nowMs;
    }

    public BehaviourEvent? Validate(JsonElement e, List<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        if (e.ValueKind != JsonValueKind.Object)
        {
            reasons.Add("an event must be a JSON object");
            return null;
        }

        var eventId = Text(e, "event_id", reasons);
        if (eventId is not null && !UserIdentity.IsValid(eventId))
        {
            reasons.Add($"event_id: must be {UserIdentity.Rule}");
        }

        var userId = Text(e, "user_id", reasons);
        if (userId is not null && !UserIdentity.IsValid(userId))
        {
            reasons.Add($"user_id: must be {UserIdentity.Rule}");
        }

        var type = Text(e, "type", reasons);
        if (type is not null && !UserIdentity.IsValidEventType(type))
        {
            reasons.Add("type: must be view, click, add_to_cart, purchase or a custom type of 1-64 characters of a-z 0-9 _ starting with a letter");
        }

        var itemId = Text(e, "item_id", reasons, allowNumber: true);
        if (itemId is not null && System.Text.Encoding.UTF8.GetByteCount(itemId) > MaxIdBytes)
        {
            reasons.Add($"item_id: longer than {MaxIdBytes} bytes");
        }

        var index = Text(e, "index", reasons);
        if (index is not null)
        {
            CheckIndex(index, reasons);
        }

        var query = Optional(e, "query", reasons);
        if (query is { Length: > MaxQueryChars })
        {
            reasons.Add($"query: longer than {MaxQueryChars} characters");
        }

        var timestamp = Timestamp(e, reasons);
        if (reasons.Count > 0)
        {
            return null;
        }

        return new BehaviourEvent(eventId!, _hasher.Hash(userId!), type!, itemId!, index!, string.IsNullOrWhiteSpace(query) ? null : query.Trim(),
            timestamp, _nowMs, _p.WeightOf(type!));
    }

    private void CheckIndex(string index, List<string> reasons)
    {
        if (!UserIdentity.IsValidIndexName(index))
        {
            reasons.Add("index: not a concrete index name (lowercase, no wildcards or lists, not starting with _ - +)");
        }
        else if (index == _p.EventsIndex || index == _p.ProfilesIndex)
        {
            reasons.Add("index: must be a catalogue index, not the sidecar's own events or profiles index");
        }
        else if (!_options.Profiles.Any(p => p.MatchesTarget(index)))
        {
            reasons.Add("index: not covered by any rerank profile (profiles[].indices)");
        }
    }

    private long Timestamp(JsonElement e, List<string> reasons)
    {
        if (!e.TryGetProperty("timestamp"u8, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return _nowMs;
        }

        if (!EpochTime.TryRead(value, out var ms))
        {
            reasons.Add("timestamp: expected an ISO-8601 date-time (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds");
            return _nowMs;
        }

        if (ms > _nowMs + (_p.Ingest.MaxFutureSkewSeconds * 1000L))
        {
            reasons.Add($"timestamp: more than {_p.Ingest.MaxFutureSkewSeconds} s in the future");
        }
        else if (ms < _p.RetentionCutoffMs(_nowMs))
        {
            reasons.Add($"timestamp: older than the retention period ({_p.RetentionDays} days)");
        }

        return Math.Min(ms, _nowMs);
    }

    private static string? Text(JsonElement e, string name, List<string> reasons, bool allowNumber = false)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            reasons.Add($"{name}: required");
            return null;
        }

        if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
        {
            return s;
        }

        if (allowNumber && v.ValueKind == JsonValueKind.Number)
        {
            return v.GetRawText();
        }

        reasons.Add($"{name}: expected a non-empty string");
        return null;
    }

    private static string? Optional(JsonElement e, string name, List<string> reasons)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        reasons.Add($"{name}: expected a string");
        return null;
    }
}
