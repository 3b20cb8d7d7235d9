using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Query;

/// <summary>
/// The common shape <c>{"field": value}</c> or <c>{"field": {"query"|"value": v, ...options}}</c>
/// used by match, term, prefix, range and friends.
/// </summary>
public sealed class FieldQueryBody
{
    private FieldQueryBody(string field, JsonElement value, JsonElement? options, float boost)
    {
        Field = field;
        Value = value;
        Options = options;
        Boost = boost;
    }

    public string Field { get; }

    /// <summary>The query value (shorthand scalar, or the <c>query</c>/<c>value</c> option).</summary>
    public JsonElement Value { get; }

    /// <summary>The options object, when the long form was used.</summary>
    public JsonElement? Options { get; }

    public float Boost { get; }

    public static FieldQueryBody Parse(JsonElement body, string queryName, string valueKey)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing($"[{queryName}] query malformed, no start_object after query name");
        }

        string? field = null;
        JsonElement value = default;
        var boost = 1f;
        foreach (var prop in body.EnumerateObject())
        {
            if (prop.Name == "boost")
            {
                boost = JsonValues.GetFloat(prop.Value, "boost");
                continue;
            }

            if (prop.Name == "_name")
            {
                continue;
            }

            if (field is not null)
            {
                throw EsErrors.Parsing(
                    $"[{queryName}] query doesn't support multiple fields, found [{field}] and [{prop.Name}]");
            }

            field = prop.Name;
            value = prop.Value;
        }

        if (field is null)
        {
            throw EsErrors.IllegalArgument($"[{queryName}] query requires a field name");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return new FieldQueryBody(field, value, null, boost);
        }

        JsonElement? queryValue = null;
        foreach (var prop in value.EnumerateObject())
        {
            if (prop.Name == valueKey)
            {
                queryValue = prop.Value;
            }
            else if (prop.Name == "boost")
            {
                boost *= JsonValues.GetFloat(prop.Value, "boost");
            }
        }

        return new FieldQueryBody(field, queryValue ?? default, value, boost);
    }

    public bool HasValue => Value.ValueKind != JsonValueKind.Undefined;

    public JsonElement? Option(string name) =>
        Options is { } o && o.TryGetProperty(name, out var v) ? v : null;

    public string? StringOption(string name) =>
        Option(name) is { } v ? JsonValues.GetString(v, name) : null;
}
