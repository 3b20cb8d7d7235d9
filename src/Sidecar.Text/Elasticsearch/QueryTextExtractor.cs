using System.Text.Json;

namespace Sidecar.Text;

/// <summary>
/// Finds the user's free text in an Elasticsearch query: match (string or <c>{"query": ...}</c>),
/// match_phrase, match_phrase_prefix, match_bool_prefix, multi_match, combined_fields, query_string and
/// simple_query_string (syntax stripped), inside bool must/should/filter (never must_not), constant_score,
/// function_score, script_score, dis_max, boosting (positive only) and nested. Several texts are joined
/// with a space, without repeats (case-insensitive). Null when there is none (match_all, term filters...).
/// </summary>
public static class QueryTextExtractor
{
    private const int MaxDepth = 32;

    /// <summary>Extracts from a query object (the value of a search body's <c>query</c>).</summary>
    public static string? Extract(JsonElement query)
    {
        var texts = new List<string>();
        Walk(query, texts, 0);
        return texts.Count == 0 ? null : string.Join(' ', texts);
    }

    /// <summary>Extracts from a whole search body (<c>{"query": ..., "size": ...}</c>).</summary>
    public static string? ExtractFromBody(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("query"u8, out var query) ? Extract(query) : null;

    /// <summary>Extracts from a UTF-8 search body; null also when it is not valid JSON.</summary>
    public static string? ExtractFromBody(ReadOnlyMemory<byte> utf8Body)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Body);
            return ExtractFromBody(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Walk(JsonElement query, List<string> texts, int depth)
    {
        if (query.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return;
        }

        foreach (var property in query.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "match" or "match_phrase" or "match_phrase_prefix" or "match_bool_prefix":
                    FieldQueries(value, texts);
                    break;
                case "multi_match" or "combined_fields":
                    Add(Child(value, "query"), texts);
                    break;
                case "query_string" or "simple_query_string":
                    if (Child(value, "query") is { ValueKind: JsonValueKind.String } raw)
                    {
                        Add(QueryStringText.Strip(raw.GetString()!), texts);
                    }

                    break;
                case "bool":
                    Clauses(Child(value, "must"), texts, depth);
                    Clauses(Child(value, "should"), texts, depth);
                    Clauses(Child(value, "filter"), texts, depth);
                    break;
                case "constant_score":
                    Clauses(Child(value, "filter"), texts, depth);
                    break;
                case "function_score" or "script_score" or "nested":
                    Clauses(Child(value, "query"), texts, depth);
                    break;
                case "dis_max":
                    Clauses(Child(value, "queries"), texts, depth);
                    break;
                case "boosting":
                    Clauses(Child(value, "positive"), texts, depth);
                    break;
            }
        }
    }

    /// <summary>A clause or an array of clauses.</summary>
    private static void Clauses(JsonElement clauses, List<string> texts, int depth)
    {
        if (clauses.ValueKind == JsonValueKind.Array)
        {
            foreach (var clause in clauses.EnumerateArray())
            {
                Walk(clause, texts, depth + 1);
            }
        }
        else
        {
            Walk(clauses, texts, depth + 1);
        }
    }

    /// <summary><c>{"field": "text"}</c> or <c>{"field": {"query": "text", ...}}</c>.</summary>
    private static void FieldQueries(JsonElement value, List<string> texts)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var field in value.EnumerateObject())
        {
            Add(field.Value.ValueKind == JsonValueKind.Object ? Child(field.Value, "query") : field.Value, texts);
        }
    }

    private static JsonElement Child(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var child) ? child : default;

    private static void Add(JsonElement value, List<string> texts)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            Add(value.GetString()!, texts);
        }
    }

    private static void Add(string text, List<string> texts)
    {
        text = text.Trim();
        if (text.Length > 0 && !texts.Exists(t => string.Equals(t, text, StringComparison.OrdinalIgnoreCase)))
        {
            texts.Add(text);
        }
    }
}
