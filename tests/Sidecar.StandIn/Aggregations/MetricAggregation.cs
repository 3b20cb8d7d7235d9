using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;
using Sidecar.StandIn.Search;

namespace Sidecar.StandIn.Aggregations;

/// <summary>Single-field metrics: avg, min, max, sum, value_count, cardinality and stats.</summary>
public sealed class MetricAggregation : AggregationSpec
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "avg", "min", "max", "sum", "value_count", "cardinality", "stats",
    };

    private readonly string _type;
    private readonly JsonElement? _missing;

    public MetricAggregation(string name, string type, string field, JsonElement? meta, JsonElement body)
        : base(name, field, meta)
    {
        _type = type;
        foreach (var prop in body.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "field" or "format" or "precision_threshold" or "execution_hint":
                    break;
                case "missing":
                    _missing = prop.Value;
                    break;
                default:
                    throw EsErrors.Parsing($"[{type}] unknown field [{prop.Name}]");
            }
        }
    }

    public static bool IsType(string type) => Types.Contains(type);

    /// <summary>The metric's single value (for ordering terms buckets); stats and empty results give null.</summary>
    public double? SingleValue(IReadOnlyList<Hit> hits, AggregationContext ctx)
    {
        var (numbers, distinct, count) = Collect(hits, ctx);
        return _type switch
        {
            "avg" => numbers.Count == 0 ? null : numbers.Average(),
            "min" => numbers.Count == 0 ? null : numbers.Min(),
            "max" => numbers.Count == 0 ? null : numbers.Max(),
            "sum" => numbers.Sum(),
            "value_count" => count,
            "cardinality" => distinct.Count,
            _ => null,
        };
    }

    public override void Write(Utf8JsonWriter w, IReadOnlyList<Hit> hits, AggregationContext ctx, bool typedKeys)
    {
        var (numbers, distinct, count) = Collect(hits, ctx);
        var isDate = ctx.Field(Field)?.Kind == FieldKind.Date;
        WriteName(w, _type, typedKeys);
        w.WriteStartObject();
        WriteMeta(w);
        switch (_type)
        {
            case "value_count":
                w.WriteNumber("value", count);
                break;
            case "cardinality":
                w.WriteNumber("value", distinct.Count);
                break;
            case "stats":
                w.WriteNumber("count", numbers.Count);
                WriteValue(w, "min", numbers.Count == 0 ? null : numbers.Min(), isDate);
                WriteValue(w, "max", numbers.Count == 0 ? null : numbers.Max(), isDate);
                WriteValue(w, "avg", numbers.Count == 0 ? null : numbers.Average(), isDate);
                WriteValue(w, "sum", numbers.Sum(), isDate);
                break;
            default:
                WriteValue(w, "value", SingleValue(hits, ctx), isDate && _type != "sum");
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, string name, double? value, bool isDate)
    {
        if (value is not { } v)
        {
            w.WriteNull(name);
            return;
        }

        JsonValues.WriteDouble(w, name, v);
        if (isDate)
        {
            w.WriteString(name + "_as_string", DateValues.Format((long)v));
        }
    }

    private (List<double> Numbers, HashSet<string> Distinct, long Count) Collect(IReadOnlyList<Hit> hits, AggregationContext ctx)
    {
        var numbers = new List<double>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        long count = 0;
        var numeric = _type is not ("value_count" or "cardinality");
        if (ctx.Field(Field) is { } mapped)
        {
            ctx.EnsureAggregatable(mapped, _type);
            if (numeric && !mapped.Kind.HasNumericDocValues())
            {
                throw EsErrors.IllegalArgument(
                    $"Field [{Field}] of type [{mapped.TypeName}] is not supported for aggregation [{_type}]");
            }
        }

        foreach (var hit in hits)
        {
            var field = ctx.Field(hit, Field);
            if (field is not null && field.Kind.HasNumericDocValues())
            {
                var values = ctx.Numbers(hit, field);
                foreach (var v in values)
                {
                    numbers.Add(v);
                    distinct.Add(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                }

                count += values.Length;
                if (values.Length > 0)
                {
                    continue;
                }
            }
            else if (field is not null && field.Kind == FieldKind.Keyword)
            {
                var values = ctx.Strings(hit, Field);
                distinct.UnionWith(values);
                count += values.Length;
                if (values.Length > 0)
                {
                    continue;
                }
            }

            if (_missing is { } missing)
            {
                count++;
                distinct.Add(JsonValues.ScalarText(missing));
                if (JsonValues.TryGetDouble(missing, out var d))
                {
                    numbers.Add(d);
                }
                else if (field?.Kind == FieldKind.Date && ValueConverter.TryToDateMillis(missing, false, out var ms))
                {
                    numbers.Add(ms);
                }
            }
        }

        return (numbers, distinct, count);
    }
}
