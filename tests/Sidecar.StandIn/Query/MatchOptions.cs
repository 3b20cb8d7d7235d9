using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Query;

/// <summary>Options shared by match-family queries.</summary>
public sealed record MatchOptions
{
    public bool OperatorAnd { get; init; }

    public string? MinimumShouldMatch { get; init; }

    public string? Analyzer { get; init; }

    public bool ZeroTermsAll { get; init; }

    public string? Fuzziness { get; init; }

    public int PrefixLength { get; init; }

    public bool Lenient { get; init; }

    public int Slop { get; init; }

    public static MatchOptions Parse(JsonElement? options, string queryName, IReadOnlySet<string> otherKeys)
    {
        var result = new MatchOptions();
        if (options is not { ValueKind: JsonValueKind.Object } o)
        {
            return result;
        }

        foreach (var prop in o.EnumerateObject())
        {
            var v = prop.Value;
            result = prop.Name switch
            {
                "operator" => result with { OperatorAnd = ParseOperator(JsonValues.GetString(v, prop.Name)) },
                "minimum_should_match" => result with { MinimumShouldMatch = JsonValues.GetString(v, prop.Name) },
                "analyzer" => result with { Analyzer = CheckAnalyzer(JsonValues.GetString(v, prop.Name)) },
                "zero_terms_query" => result with { ZeroTermsAll = JsonValues.GetString(v, prop.Name).Equals("all", StringComparison.OrdinalIgnoreCase) },
                "fuzziness" => result with { Fuzziness = JsonValues.GetString(v, prop.Name) },
                "prefix_length" => result with { PrefixLength = JsonValues.GetInt(v, prop.Name) },
                "lenient" => result with { Lenient = JsonValues.GetBool(v, prop.Name) },
                "slop" => result with { Slop = JsonValues.GetInt(v, prop.Name) },
                "boost" or "_name" or "query" or "max_expansions" or "fuzzy_transpositions" or "auto_generate_synonyms_phrase_query"
                    or "fuzzy_rewrite" or "cutoff_frequency" => result,
                _ when otherKeys.Contains(prop.Name) => result,
                _ => throw EsErrors.Parsing($"[{queryName}] query does not support [{prop.Name}]"),
            };
        }

        return result;
    }

    public static bool ParseOperator(string op) => op.ToLowerInvariant() switch
    {
        "and" => true,
        "or" => false,
        _ => throw EsErrors.IllegalArgument($"operator needs to be either [and] or [or], but was [{op}]"),
    };

    private static string CheckAnalyzer(string name) =>
        Analysis.AnalyzerRegistry.IsKnown(name)
            ? name
            : throw EsErrors.IllegalArgument($"[match] analyzer [{name}] not found");
}
