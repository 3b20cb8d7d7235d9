using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Aggregations;

/// <summary>Parses <c>aggs</c>: terms (with sub-aggregations) and the metrics avg, min, max, sum,
/// value_count, cardinality and stats.</summary>
public static class AggregationParser
{
    private static readonly HashSet<string> KnownButUnsupported = new(StringComparer.Ordinal)
    {
        "histogram", "date_histogram", "auto_date_histogram", "variable_width_histogram", "range", "date_range",
        "ip_range", "filter", "filters", "global", "missing", "nested", "reverse_nested", "composite",
        "multi_terms", "rare_terms", "significant_terms", "significant_text", "sampler", "diversified_sampler",
        "adjacency_matrix", "geohash_grid", "geotile_grid", "geo_distance", "geo_bounds", "geo_centroid",
        "top_hits", "top_metrics", "percentiles", "percentile_ranks", "extended_stats", "median_absolute_deviation",
        "weighted_avg", "scripted_metric", "string_stats", "boxplot", "t_test", "rate", "matrix_stats",
        "avg_bucket", "sum_bucket", "max_bucket", "min_bucket", "stats_bucket", "extended_stats_bucket",
        "percentiles_bucket", "bucket_script", "bucket_selector", "bucket_sort", "cumulative_sum", "derivative",
        "moving_fn", "moving_percentiles", "serial_diff", "normalize", "inference", "categorize_text",
        "frequent_item_sets", "random_sampler", "time_series",
    };

    public static List<AggregationSpec> Parse(JsonElement aggs)
    {
        if (aggs.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing("Aggregation definition must be an object");
        }

        var result = new List<AggregationSpec>();
        foreach (var agg in aggs.EnumerateObject())
        {
            result.Add(ParseOne(agg.Name, agg.Value));
        }

        return result;
    }

    private static AggregationSpec ParseOne(string name, JsonElement def)
    {
        if (def.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing($"Expected [START_OBJECT] under [{name}], but got a [{def.ValueKind}] in [{name}]");
        }

        string? type = null;
        JsonElement body = default;
        JsonElement? meta = null;
        List<AggregationSpec> subs = [];
        foreach (var prop in def.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "aggs" or "aggregations":
                    subs = Parse(prop.Value);
                    break;
                case "meta":
                    meta = prop.Value;
                    break;
                default:
                    if (type is not null)
                    {
                        throw EsErrors.Parsing($"Found two aggregation type definitions in [{name}]: [{type}] and [{prop.Name}]");
                    }

                    type = prop.Name;
                    body = prop.Value;
                    break;
            }
        }

        if (type is null)
        {
            throw EsErrors.Parsing($"Missing definition for aggregation [{name}]");
        }

        if (KnownButUnsupported.Contains(type))
        {
            throw EsErrors.NotSupported($"{type} aggregation");
        }

        if (!TermsAggregation.IsType(type) && !MetricAggregation.IsType(type))
        {
            throw EsErrors.Parsing($"Unknown aggregation type [{type}]");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing($"Expected [START_OBJECT] under [{type}], but got a [{body.ValueKind}] in [{name}]");
        }

        var field = body.TryGetProperty("field", out var f) ? JsonValues.GetString(f, "field")
            : throw EsErrors.IllegalArgument($"Required one of fields [field, script], but none were specified.");
        if (body.TryGetProperty("script", out _))
        {
            throw EsErrors.NotSupported("aggregation script");
        }

        if (TermsAggregation.IsType(type))
        {
            return new TermsAggregation(name, field, meta, body, subs);
        }

        if (subs.Count > 0)
        {
            throw EsErrors.Parsing($"Aggregator [{name}] of type [{type}] cannot accept sub-aggregations");
        }

        return new MetricAggregation(name, type, field, meta, body);
    }
}
