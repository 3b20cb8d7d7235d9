using System.Text.Json;
using Lucene.Net.Search;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>The range query on numbers, dates (with date math) and strings; always constant score.</summary>
public sealed class RangeQueries
{
    private readonly QueryContext _ctx;

    public RangeQueries(QueryContext ctx) => _ctx = ctx;

    public LuceneQuery Range(JsonElement body)
    {
        var q = FieldQueryBody.Parse(body, "range", "\u0000");
        if (q.Options is not { } options)
        {
            throw EsErrors.Parsing($"[range] query malformed, no start_object after query name");
        }

        JsonElement? lower = null, upper = null;
        bool includeLower = true, includeUpper = true;
        foreach (var prop in options.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "gt":
                    (lower, includeLower) = (Value(prop.Value), false);
                    break;
                case "gte":
                    (lower, includeLower) = (Value(prop.Value), true);
                    break;
                case "from":
                    lower = Value(prop.Value);
                    break;
                case "lt":
                    (upper, includeUpper) = (Value(prop.Value), false);
                    break;
                case "lte":
                    (upper, includeUpper) = (Value(prop.Value), true);
                    break;
                case "to":
                    upper = Value(prop.Value);
                    break;
                case "include_lower":
                    includeLower = JsonValues.GetBool(prop.Value, prop.Name);
                    break;
                case "include_upper":
                    includeUpper = JsonValues.GetBool(prop.Value, prop.Name);
                    break;
                case "boost" or "format" or "time_zone" or "relation" or "_name":
                    break;
                default:
                    throw EsErrors.Parsing($"[range] query does not support [{prop.Name}]");
            }
        }

        var field = _ctx.Field(q.Field);
        if (field is null)
        {
            return Queries.MatchNone();
        }

        return Queries.Constant(Build(field, lower, includeLower, upper, includeUpper), q.Boost);
    }

    private static JsonElement? Value(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e;

    private LuceneQuery Build(FieldMapping field, JsonElement? lower, bool incLower, JsonElement? upper, bool incUpper)
    {
        var path = field.Path;
        switch (field.Kind)
        {
            case FieldKind.Date:
                long? lo = lower is { } l ? DateBound(field, l, roundUp: !incLower) : null;
                long? hi = upper is { } u ? DateBound(field, u, roundUp: incUpper) : null;
                return NumericRangeQuery.NewInt64Range(path, lo, hi, incLower, incUpper);
            case var k when k.IsIntegral():
                long? min = lower is { } a ? IntegralBound(field, a, isLower: true, incLower) : null;
                long? max = upper is { } b ? IntegralBound(field, b, isLower: false, incUpper) : null;
                return NumericRangeQuery.NewInt64Range(path, min, max, true, true);
            case var k when k.IsFloating():
                double? dmin = lower is { } c ? DoubleBound(field, c) : null;
                double? dmax = upper is { } d ? DoubleBound(field, d) : null;
                return NumericRangeQuery.NewDoubleRange(path, dmin, dmax, incLower, incUpper);
            case FieldKind.Text or FieldKind.Keyword:
                return TermRangeQuery.NewStringRange(path,
                    lower is { } s1 ? JsonValues.ScalarText(s1) : null,
                    upper is { } s2 ? JsonValues.ScalarText(s2) : null, incLower, incUpper);
            default:
                throw _ctx.ShardError($"Field [{path}] of type [{field.TypeName}] does not support range queries");
        }
    }

    private long DateBound(FieldMapping field, JsonElement value, bool roundUp) =>
        ValueConverter.TryToDateMillis(value, roundUp, out var millis)
            ? millis
            : throw _ctx.ShardError(
                $"failed to parse date field [{JsonValues.ScalarText(value)}] with format [strict_date_optional_time||epoch_millis]");

    /// <summary>Integral bounds become inclusive: gt 10.5 and gte 10.5 mean &gt;= 11, lt 10.5 means &lt;= 10.</summary>
    private long IntegralBound(FieldMapping field, JsonElement value, bool isLower, bool inclusive)
    {
        if (!JsonValues.TryGetDouble(value, out var d))
        {
            throw _ctx.ShardError($"failed to create query: For input string: \"{JsonValues.ScalarText(value)}\"");
        }

        var (min, max) = field.Kind.IntegralRange();
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var exact))
        {
            var bound = isLower ? (inclusive ? exact : exact + 1) : (inclusive ? exact : exact - 1);
            return Math.Clamp(bound, min, max);
        }

        var rounded = isLower
            ? (d == Math.Floor(d) && !inclusive ? d + 1 : Math.Ceiling(d))
            : (d == Math.Floor(d) && !inclusive ? d - 1 : Math.Floor(d));
        return rounded <= min ? min : rounded >= max ? max : (long)rounded;
    }

    private double DoubleBound(FieldMapping field, JsonElement value) =>
        JsonValues.TryGetDouble(value, out var d)
            ? field.Normalize(d)
            : throw _ctx.ShardError($"failed to create query: For input string: \"{JsonValues.ScalarText(value)}\"");
}
