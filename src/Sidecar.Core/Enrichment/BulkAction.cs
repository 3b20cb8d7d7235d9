using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>One action/metadata line of a <c>_bulk</c> body: <c>{"index":{"_index":"products","_id":"1"}}</c>.</summary>
internal readonly record struct BulkAction(BulkActionKind Kind, string? Index)
{
    /// <summary>False when the line is not a one-member object whose value is an object (Elasticsearch rejects the whole bulk).</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out BulkAction action)
    {
        action = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject ||
                !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var kind = reader.ValueTextEquals("index"u8) ? BulkActionKind.Index
                : reader.ValueTextEquals("create"u8) ? BulkActionKind.Create
                : reader.ValueTextEquals("update"u8) ? BulkActionKind.Update
                : reader.ValueTextEquals("delete"u8) ? BulkActionKind.Delete
                : BulkActionKind.Unknown;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? index = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIndex = reader.ValueTextEquals("_index"u8);
                reader.Read();
                if (isIndex && reader.TokenType == JsonTokenType.String)
                {
                    index = reader.GetString();
                }

                reader.Skip();
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            action = new BulkAction(kind, index);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Index, create and update are followed by a source line; delete is not.</summary>
    public bool HasSource => Kind is BulkActionKind.Index or BulkActionKind.Create or BulkActionKind.Update;
}
