using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>
/// The profile document as stored in the profiles index (hand-written JSON, AOT-safe):
/// <code>
/// { "user_hash", "schema": 1, "updated_at": ISO, "event_count",
///   "category" | "brand" | "price_band": [ { "k": key, "v": value at t, "t": epoch ms } ],
///   "interest": { "w": weight, "t": epoch ms, "v": [sum vector] },
///   "recent_items": [ { "index", "id", "type", "t" } ], "recent_queries": [ { "q", "t" } ],
///   "applied_ids": [ event ids, oldest first ] }
/// </code>
/// </summary>
public static class ProfileJson
{
    public const int Schema = 1;

    public static void Write(Utf8JsonWriter w, ProfileState p)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(p);
        w.WriteStartObject();
        w.WriteString("user_hash"u8, p.UserHash);
        w.WriteNumber("schema"u8, Schema);
        w.WriteString("updated_at"u8, EpochTime.Iso(p.UpdatedMs));
        w.WriteNumber("event_count"u8, p.EventCount);
        WriteMap(w, "category"u8, p.Categories);
        WriteMap(w, "brand"u8, p.Brands);
        WriteMap(w, "price_band"u8, p.PriceBands);
        if (p.Interest is { Weight: > 0 } interest)
        {
            w.WriteStartObject("interest"u8);
            w.WriteNumber("w"u8, interest.Weight);
            w.WriteNumber("t"u8, interest.RefMs);
            w.WriteStartArray("v"u8);
            foreach (var x in interest.Sum)
            {
                w.WriteNumberValue(x);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteStartArray("recent_items"u8);
        foreach (var r in p.RecentItems)
        {
            w.WriteStartObject();
            w.WriteString("index"u8, r.Index);
            w.WriteString("id"u8, r.Id);
            w.WriteString("type"u8, r.Type);
            w.WriteNumber("t"u8, r.AtMs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("recent_queries"u8);
        foreach (var q in p.RecentQueries)
        {
            w.WriteStartObject();
            w.WriteString("q"u8, q.Text);
            w.WriteNumber("t"u8, q.AtMs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("applied_ids"u8);
        foreach (var id in p.AppliedIds)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static byte[] ToBytes(ProfileState p)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            Write(w, p);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored profile; unknown or malformed parts are skipped (a profile is a cache of events).</summary>
    public static ProfileState Read(JsonElement source, string userHash)
    {
        var p = new ProfileState(userHash);
        if (source.ValueKind != JsonValueKind.Object)
        {
            return p;
        }

        if (source.TryGetProperty("updated_at"u8, out var updated) && EpochTime.TryRead(updated, out var ms))
        {
            p.UpdatedMs = ms;
        }

        p.EventCount = source.TryGetProperty("event_count"u8, out var count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt64(out var c) ? c : 0;
        ReadMap(source, "category"u8, p.Categories);
        ReadMap(source, "brand"u8, p.Brands);
        ReadMap(source, "price_band"u8, p.PriceBands);
        if (source.TryGetProperty("interest"u8, out var interest) && interest.ValueKind == JsonValueKind.Object &&
            interest.TryGetProperty("v"u8, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0 &&
            Number(interest, "w"u8) is > 0 and var weight)
        {
            try
            {
                p.Interest = new InterestVector(Embeddings.VectorJson.Parse(v), weight, Time(interest));
            }
            catch (JsonException)
            {
                p.Interest = null;
            }
        }

        foreach (var r in Objects(source, "recent_items"u8))
        {
            if (Text(r, "index"u8) is { } index && Text(r, "id"u8) is { } id && Text(r, "type"u8) is { } type)
            {
                p.RecentItems.Add(new RecentItem(index, id, type, Time(r)));
            }
        }

        foreach (var q in Objects(source, "recent_queries"u8))
        {
            if (Text(q, "q"u8) is { } text)
            {
                p.RecentQueries.Add(new RecentQuery(text, Time(q)));
            }
        }

        if (source.TryGetProperty("applied_ids"u8, out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind == JsonValueKind.String)
                {
                    p.MarkApplied(id.GetString()!);
                }
            }
        }

        return p;
    }

    private static void WriteMap(Utf8JsonWriter w, ReadOnlySpan<byte> name, AffinityMap map)
    {
        w.WriteStartArray(name);
        foreach (var e in map.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("k"u8, e.Key);
            w.WriteNumber("v"u8, e.Value.Value);
            w.WriteNumber("t"u8, e.Value.RefMs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void ReadMap(JsonElement source, ReadOnlySpan<byte> name, AffinityMap map)
    {
        foreach (var e in Objects(source, name))
        {
            if (Text(e, "k"u8) is { } key && Number(e, "v"u8) is { } value)
            {
                map.Load(key, value, Time(e));
            }
        }
    }

    private static IEnumerable<JsonElement> Objects(JsonElement source, ReadOnlySpan<byte> name) =>
        source.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object)
            : [];

    private static string? Text(JsonElement o, ReadOnlySpan<byte> name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement o, ReadOnlySpan<byte> name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static long Time(JsonElement o) => o.TryGetProperty("t"u8, out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var ms) ? ms : 0;
}
