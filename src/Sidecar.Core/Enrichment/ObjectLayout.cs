using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>
/// Byte offsets inside one JSON object: where its closing brace is, whether it has members, and where the
/// value of one member is. Lets an enricher splice a vector in while every other byte stays as sent.
/// </summary>
internal readonly record struct ObjectLayout(int Close, bool HasMembers, int ValueStart, int ValueEnd)
{
    public bool HasMember => ValueStart >= 0;

    /// <summary>
    /// Reads the object at the start of <paramref name="json"/> (leading whitespace allowed, nothing but
    /// whitespace after it) and finds the last member named <paramref name="member"/>. Offsets are
    /// relative to <paramref name="json"/>. False when it is not exactly one well-formed object.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, string member, out ObjectLayout layout)
    {
        layout = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            int valueStart = -1, valueEnd = -1;
            var hasMembers = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                hasMembers = true;
                var isMember = reader.ValueTextEquals(member);
                if (!reader.Read())
                {
                    return false;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isMember)
                {
                    valueStart = start;
                    valueEnd = (int)reader.BytesConsumed;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0)
            {
                return false;
            }

            var close = (int)reader.TokenStartIndex;
            if (reader.Read())
            {
                return false; // a second value after the object
            }

            layout = new ObjectLayout(close, hasMembers, valueStart, valueEnd);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
