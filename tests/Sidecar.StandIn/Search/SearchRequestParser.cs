using System.Globalization;
using System.Text.Json;
using Sidecar.StandIn.Aggregations;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Search;

/// <summary>Builds a <see cref="SearchRequest"/> from the body and URL parameters (URL wins, like Elasticsearch).</summary>
public static class SearchRequestParser
{
    private static readonly HashSet<string> IgnoredKeys = new(StringComparer.Ordinal)
    {
        "explain", "timeout", "stored_fields", "docvalue_fields", "highlight", "profile", "stats",
        "terminate_after", "ext", "_name",
    };

    private static readonly HashSet<string> UnsupportedKeys = new(StringComparer.Ordinal)
    {
        "search_after", "pit", "knn", "collapse", "rescore", "suggest", "script_fields", "runtime_mappings",
        "slice", "retriever", "rank", "indices_boost", "sub_searches", "point_in_time",
    };

    public static SearchRequest Parse(JsonElement? body, IReadOnlyDictionary<string, string> p)
    {
        var request = new SearchRequest();
        var trackSpecified = false;
        if (body is { } b)
        {
            if (b.ValueKind != JsonValueKind.Object)
            {
                throw EsErrors.Parsing("Expected [START_OBJECT] but found a different token");
            }

            foreach (var prop in b.EnumerateObject())
            {
                trackSpecified |= prop.Name == "track_total_hits";
                ApplyBodyKey(request, prop);
            }
        }

        if (p.TryGetValue("scroll", out _))
        {
            throw EsErrors.NotSupported("scroll");
        }

        if (p.TryGetValue("q", out var q))
        {
            request.QueryString = q;
            request.DefaultField = p.GetValueOrDefault("df");
            request.DefaultOperatorAnd = p.TryGetValue("default_operator", out var op) && MatchOptions(op);
            request.Analyzer = p.GetValueOrDefault("analyzer");
            request.Lenient = Flag(p, "lenient");
        }

        if (p.TryGetValue("from", out var from))
        {
            request.From = Int(from, "from");
        }

        if (p.TryGetValue("size", out var size))
        {
            request.Size = Int(size, "size");
        }

        if (p.TryGetValue("sort", out var sort))
        {
            request.Sort = SortParser.ParseUrl(sort);
        }

        if (SourceFilter.FromUrl(p.GetValueOrDefault("_source"), p.GetValueOrDefault("_source_includes"),
                p.GetValueOrDefault("_source_excludes")) is { } source)
        {
            request.Source = source;
        }

        if (p.TryGetValue("track_total_hits", out var track))
        {
            trackSpecified = true;
            request.TrackTotalHitsUpTo = track switch
            {
                "" or "true" => int.MaxValue,
                "false" => null,
                _ => TrackLimit(Int(track, "track_total_hits")),
            };
        }

        request.RestTotalHitsAsInt = Flag(p, "rest_total_hits_as_int");
        if (request.RestTotalHitsAsInt && !trackSpecified)
        {
            request.TrackTotalHitsUpTo = int.MaxValue;
        }

        request.TrackScores |= Flag(p, "track_scores");
        request.Version |= Flag(p, "version");
        request.SeqNoPrimaryTerm |= Flag(p, "seq_no_primary_term");
        request.TypedKeys = Flag(p, "typed_keys");
        if (request.From < 0)
        {
            throw EsErrors.IllegalArgument($"[from] parameter cannot be negative, found [{request.From}]");
        }

        if (request.Size < 0)
        {
            throw EsErrors.IllegalArgument($"[size] parameter cannot be negative, found [{request.Size}]");
        }

        return request;
    }

    private static void ApplyBodyKey(SearchRequest request, JsonProperty prop)
    {
        var v = prop.Value;
        switch (prop.Name)
        {
            case "query":
                request.Query = v;
                break;
            case "post_filter":
                request.PostFilter = v;
                break;
            case "from":
                request.From = JsonValues.GetInt(v, prop.Name);
                break;
            case "size":
                request.Size = JsonValues.GetInt(v, prop.Name);
                break;
            case "sort":
                request.Sort = SortParser.Parse(v);
                break;
            case "_source":
                request.Source = SourceFilter.Parse(v);
                break;
            case "aggs" or "aggregations":
                request.Aggregations = AggregationParser.Parse(v);
                break;
            case "track_total_hits":
                request.TrackTotalHitsUpTo = v.ValueKind switch
                {
                    JsonValueKind.True => int.MaxValue,
                    JsonValueKind.False => null,
                    _ => TrackLimit(JsonValues.GetInt(v, prop.Name)),
                };
                break;
            case "track_scores":
                request.TrackScores = JsonValues.GetBool(v, prop.Name);
                break;
            case "min_score":
                request.MinScore = JsonValues.GetFloat(v, prop.Name);
                break;
            case "version":
                request.Version = JsonValues.GetBool(v, prop.Name);
                break;
            case "seq_no_primary_term":
                request.SeqNoPrimaryTerm = JsonValues.GetBool(v, prop.Name);
                break;
            case "fields":
                request.Fields = ParseFields(v);
                break;
            case var name when IgnoredKeys.Contains(name):
                break;
            case var name when UnsupportedKeys.Contains(name):
                throw EsErrors.NotSupported(name);
            default:
                throw EsErrors.Parsing($"Unknown key for a {TokenName(v)} in [{prop.Name}].");
        }
    }

    private static List<string> ParseFields(JsonElement v)
    {
        var result = new List<string>();
        foreach (var item in v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw EsErrors.Parsing("[fields] must be an array"))
        {
            result.Add(item.ValueKind == JsonValueKind.Object && item.TryGetProperty("field", out var f)
                ? JsonValues.GetString(f, "field")
                : JsonValues.GetString(item, "fields"));
        }

        return result;
    }

    private static int TrackLimit(int value) => value < 0 ? int.MaxValue : value;

    private static bool MatchOptions(string op) => Query.MatchOptions.ParseOperator(op);

    private static bool Flag(IReadOnlyDictionary<string, string> p, string name) =>
        p.TryGetValue(name, out var v) && (v.Length == 0 || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static int Int(string value, string name) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw EsErrors.IllegalArgument($"Failed to parse int parameter [{name}] with value [{value}]");

    private static string TokenName(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "START_OBJECT",
        JsonValueKind.Array => "START_ARRAY",
        JsonValueKind.String => "VALUE_STRING",
        JsonValueKind.Number => "VALUE_NUMBER",
        JsonValueKind.True or JsonValueKind.False => "VALUE_BOOLEAN",
        _ => "VALUE_NULL",
    };
}
