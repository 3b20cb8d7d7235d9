using System.Text.Json;

namespace Sidecar.Text;

/// <summary>
/// Chooses how an expansion clause joins a query so that the client's required clauses keep their meaning.
/// Elasticsearch's rule it relies on: a bool with should clauses and no must/filter requires one should to
/// match by default (minimum_should_match 1); with must or filter the default is 0 (shoulds only score).
/// </summary>
internal static class ExpansionPlanner
{
    private static readonly HashSet<string> FullTextLeaves = new(StringComparer.Ordinal)
    {
        "match", "match_phrase", "match_phrase_prefix", "match_bool_prefix", "multi_match", "combined_fields",
        "query_string", "simple_query_string",
    };

    /// <summary>See <see cref="ExpansionMode"/> for each outcome.</summary>
    public static ExpansionMode Plan(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object || !TrySingleKey(query, out var key, out var body))
        {
            return ExpansionMode.WrappedForScoring;
        }

        if (key != "bool")
        {
            return FullTextLeaves.Contains(key) ? ExpansionMode.WrappedAsAlternative : ExpansionMode.WrappedForScoring;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ExpansionMode.WrappedForScoring;
        }

        var hasRequired = HasClauses(body, "must") || HasClauses(body, "filter");
        var hasShould = HasClauses(body, "should");
        if (!body.TryGetProperty("minimum_should_match"u8, out var minimum))
        {
            // Without must/filter/should (only must_not) a new should would become required: wrap instead.
            return hasRequired || hasShould ? ExpansionMode.AppendedToShould : ExpansionMode.WrappedForScoring;
        }

        if (!hasShould)
        {
            return ExpansionMode.WrappedForScoring;
        }

        return IsZeroOrOne(minimum) ? ExpansionMode.AppendedToShould : ExpansionMode.GroupedShould;
    }

    private static bool TrySingleKey(JsonElement query, out string key, out JsonElement value)
    {
        key = string.Empty;
        value = default;
        var count = 0;
        foreach (var property in query.EnumerateObject())
        {
            key = property.Name;
            value = property.Value;
            count++;
        }

        return count == 1;
    }

    private static bool HasClauses(JsonElement boolBody, string name) =>
        boolBody.TryGetProperty(name, out var clauses)
        && (clauses.ValueKind == JsonValueKind.Object || (clauses.ValueKind == JsonValueKind.Array && clauses.GetArrayLength() > 0));

    private static bool IsZeroOrOne(JsonElement minimum) => minimum.ValueKind switch
    {
        JsonValueKind.Number => minimum.TryGetInt32(out var n) && n is 0 or 1,
        JsonValueKind.String => minimum.GetString()?.Trim() is "0" or "1" or "0%",
        _ => false,
    };
}
