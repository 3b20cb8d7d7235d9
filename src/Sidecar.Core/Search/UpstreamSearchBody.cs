using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sidecar.Search;

/// <summary>
/// Writes the first-stage request: the client's body with <c>from=0</c>, <c>size=window</c> and, when
/// features need fields the client did not ask for, a widened <c>_source</c>. Every other key is copied
/// as raw JSON, in the client's order.
/// </summary>
public static class UpstreamSearchBody
{
    public static void Write(IBufferWriter<byte> output, SearchPlan plan, int window, SourceSpec? widenedSource) =>
        Write(output, plan.Body?.RootElement, window, widenedSource);

    /// <summary>Writes from <paramref name="body"/> (the client's body, or its expanded rewrite).</summary>
    public static void Write(IBufferWriter<byte> output, JsonElement? body, int window, SourceSpec? widenedSource)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        if (body is { ValueKind: JsonValueKind.Object } root)
        {
            foreach (var p in root.EnumerateObject())
            {
                if (p.NameEquals("from"u8) || p.NameEquals("size"u8) || (widenedSource is not null && p.NameEquals("_source"u8)))
                {
                    continue;
                }

                writer.WritePropertyName(p.Name);
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(p.Value), skipInputValidation: true);
            }
        }

        writer.WriteNumber("from"u8, 0);
        writer.WriteNumber("size"u8, window);
        if (widenedSource is not null)
        {
            WriteSource(writer, widenedSource);
        }

        writer.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter writer, SourceSpec spec)
    {
        writer.WritePropertyName("_source"u8);
        if (!spec.Enabled)
        {
            writer.WriteBooleanValue(false);
            return;
        }

        if (spec.IsAll)
        {
            writer.WriteBooleanValue(true);
            return;
        }

        writer.WriteStartObject();
        WriteList(writer, "includes"u8, spec.Includes);
        WriteList(writer, "excludes"u8, spec.Excludes);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var i in items)
        {
            writer.WriteStringValue(i);
        }

        writer.WriteEndArray();
    }
}
