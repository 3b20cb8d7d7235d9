using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>
/// An event as stored in the events index (<c>_id</c> = event_id): the user hash, never the user id;
/// <c>state</c> is <c>pending</c> until the event is applied to the profile, then <c>applied</c>.
/// </summary>
public static class EventJson
{
    public const string Pending = "pending";
    public const string Applied = "applied";

    public static void Write(Utf8JsonWriter w, BehaviourEvent e)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(e);
        w.WriteStartObject();
        w.WriteString("event_id"u8, e.EventId);
        w.WriteString("user_hash"u8, e.UserHash);
        w.WriteString("type"u8, e.Type);
        w.WriteString("item_id"u8, e.ItemId);
        w.WriteString("index"u8, e.Index);
        if (e.Query is not null)
        {
            w.WriteString("query"u8, e.Query);
        }

        w.WriteString("timestamp"u8, EpochTime.Iso(e.TimestampMs));
        w.WriteString("received_at"u8, EpochTime.Iso(e.ReceivedMs));
        w.WriteNumber("weight"u8, e.Weight);
        w.WriteString("state"u8, Pending);
        w.WriteEndObject();
    }

    /// <summary>Reads a stored event (a hit's <c>_id</c> and <c>_source</c>); null when it is not one the sidecar wrote.</summary>
    public static BehaviourEvent? Read(string id, JsonElement source)
    {
        if (source.ValueKind != JsonValueKind.Object || Text(source, "user_hash"u8) is not { } user || Text(source, "type"u8) is not { } type ||
            Text(source, "item_id"u8) is not { } item || Text(source, "index"u8) is not { } index ||
            !source.TryGetProperty("timestamp"u8, out var ts) || !EpochTime.TryRead(ts, out var timestamp))
        {
            return null;
        }

        var received = source.TryGetProperty("received_at"u8, out var r) && EpochTime.TryRead(r, out var rm) ? rm : timestamp;
        var weight = source.TryGetProperty("weight"u8, out var wt) && wt.ValueKind == JsonValueKind.Number && wt.TryGetDouble(out var wd) && double.IsFinite(wd) ? wd : 0;
        return new BehaviourEvent(id, user, type, item, index, Text(source, "query"u8), timestamp, received, weight);
    }

    private static string? Text(JsonElement o, ReadOnlySpan<byte> name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
