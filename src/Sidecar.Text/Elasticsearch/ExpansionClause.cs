using System.Text.Json;

namespace Sidecar.Text;

/// <summary>
/// The expansion clause: <c>{"multi_match": {"query": Text, "fields": Fields, "operator": "or", "boost": Boost}}</c>
/// (plus <c>_name</c> when <paramref name="Name"/> is set).
/// </summary>
internal readonly record struct ExpansionClause(string[] Fields, double Boost, string? Name, string Text)
{
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("multi_match");
        writer.WriteString("query", Text);
        writer.WriteStartArray("fields");
        foreach (var field in Fields)
        {
            writer.WriteStringValue(field);
        }

        writer.WriteEndArray();
        writer.WriteString("operator", "or");
        writer.WriteNumber("boost", Boost);
        if (!string.IsNullOrEmpty(Name))
        {
            writer.WriteString("_name", Name);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
