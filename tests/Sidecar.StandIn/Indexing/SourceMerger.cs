using System.Text.Json;

namespace Sidecar.StandIn.Indexing;

/// <summary>Partial-update merge: objects merge recursively, everything else (arrays included) is replaced.</summary>
public static class SourceMerger
{
    public static byte[] Merge(JsonElement original, JsonElement patch)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Sidecar.StandIn.Json.JsonWriting.Compact))
        {
            WriteMerged(w, original, patch);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Compact re-serialisation, used to compare a merged source with the original.</summary>
    public static byte[] Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Sidecar.StandIn.Json.JsonWriting.Compact))
        {
            element.WriteTo(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMerged(Utf8JsonWriter w, JsonElement original, JsonElement patch)
    {
        if (original.ValueKind != JsonValueKind.Object || patch.ValueKind != JsonValueKind.Object)
        {
            patch.WriteTo(w);
            return;
        }

        w.WriteStartObject();
        foreach (var prop in original.EnumerateObject())
        {
            w.WritePropertyName(prop.Name);
            if (patch.TryGetProperty(prop.Name, out var replacement))
            {
                WriteMerged(w, prop.Value, replacement);
            }
            else
            {
                prop.Value.WriteTo(w);
            }
        }

        foreach (var prop in patch.EnumerateObject())
        {
            if (!original.TryGetProperty(prop.Name, out _))
            {
                prop.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }
}
