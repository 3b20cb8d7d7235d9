using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sidecar.Text;

/// <summary>
/// Writes the rewritten <c>query</c> for a planned <see cref="ExpansionMode"/>. Original clauses are copied
/// as raw bytes (<see cref="JsonMarshal.GetRawUtf8Value"/>), never re-serialised.
/// </summary>
internal static class ExpansionQueryWriter
{
    public static void Write(Utf8JsonWriter writer, JsonElement query, ExpansionMode mode, ExpansionClause clause)
    {
        switch (mode)
        {
            case ExpansionMode.AppendedToShould or ExpansionMode.GroupedShould:
                writer.WriteStartObject();
                writer.WritePropertyName("bool");
                WriteBool(writer, query.GetProperty("bool"u8), mode == ExpansionMode.GroupedShould, clause);
                writer.WriteEndObject();
                break;
            case ExpansionMode.WrappedAsAlternative:
                writer.WriteStartObject();
                writer.WriteStartObject("bool");
                writer.WriteStartArray("should");
                WriteRaw(writer, query);
                clause.WriteTo(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject();
                writer.WriteStartObject("bool");
                writer.WriteStartArray("must");
                WriteRaw(writer, query);
                writer.WriteEndArray();
                writer.WriteStartArray("should");
                clause.WriteTo(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>Copies the bool's keys; the should list gets the expansion (and, grouped, the client's shoulds nested).</summary>
    private static void WriteBool(Utf8JsonWriter writer, JsonElement boolBody, bool grouped, ExpansionClause clause)
    {
        writer.WriteStartObject();
        var shouldWritten = false;
        var should = boolBody.TryGetProperty("should"u8, out var s) ? s : default;
        var minimum = boolBody.TryGetProperty("minimum_should_match"u8, out var m) ? m : default;
        foreach (var property in boolBody.EnumerateObject())
        {
            if (property.NameEquals("should"u8))
            {
                if (!shouldWritten)
                {
                    WriteShould(writer, should, minimum, grouped, clause);
                    shouldWritten = true;
                }

                continue;
            }

            writer.WritePropertyName(property.Name);
            if (grouped && property.NameEquals("minimum_should_match"u8))
            {
                writer.WriteNumberValue(1);
            }
            else
            {
                WriteRaw(writer, property.Value);
            }
        }

        if (!shouldWritten)
        {
            WriteShould(writer, should, minimum, grouped, clause);
        }

        writer.WriteEndObject();
    }

    private static void WriteShould(Utf8JsonWriter writer, JsonElement should, JsonElement minimum, bool grouped, ExpansionClause clause)
    {
        writer.WriteStartArray("should");
        if (grouped)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("bool");
            writer.WritePropertyName("should");
            WriteRaw(writer, should);
            writer.WritePropertyName("minimum_should_match");
            WriteRaw(writer, minimum);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else if (should.ValueKind == JsonValueKind.Array)
        {
            foreach (var existing in should.EnumerateArray())
            {
                WriteRaw(writer, existing);
            }
        }
        else if (should.ValueKind == JsonValueKind.Object)
        {
            WriteRaw(writer, should);
        }

        clause.WriteTo(writer);
        writer.WriteEndArray();
    }

    private static void WriteRaw(Utf8JsonWriter writer, JsonElement value) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
}
