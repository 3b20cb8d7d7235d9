using System.Buffers;
using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>Builds JSON and NDJSON request bodies (e.g. for <c>_bulk</c>) with <see cref="Utf8JsonWriter"/>.</summary>
internal static class Ndjson
{
    /// <summary>Appends one JSON value and a newline.</summary>
    public static void AppendLine(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> write)
    {
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        buffer.Write("\n"u8);
    }

    /// <summary>One JSON document.</summary>
    public static byte[] Document(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A <c>_bulk</c> action line <c>{"op":{"_index":..,"_id":..}}</c>.</summary>
    public static void AppendAction(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> op, string index, string id)
    {
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject(op);
            w.WriteString("_index"u8, index);
            w.WriteString("_id"u8, id);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }
}
