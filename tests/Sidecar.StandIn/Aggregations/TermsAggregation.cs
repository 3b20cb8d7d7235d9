using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;
using Sidecar.StandIn.Search;

namespace Sidecar.StandIn.Aggregations;

/// <summary>The terms bucket aggregation on keyword, numeric, date and boolean fields, with sub-aggregations.</summary>
public sealed class TermsAggregation : AggregationSpec
{
    private readonly int _size = 10;
    private readonly long _minDocCount = 1;
    private readonly List<TermsOrder> _order = [new("_count", true)];
    private readonly JsonElement? _missing;
    private readonly Func<string, bool>? _include;
    private readonly Func<string, bool>? _exclude;
    private readonly List<AggregationSpec> _subs;

    public TermsAggregation(string name, string field, JsonElement? meta, JsonElement body, List<AggregationSpec> subs)
        : base(name, field, meta)
    {
        _subs = subs;
        foreach (var prop in body.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "size":
                    _size = JsonValues.GetInt(prop.Value, prop.Name);
                    break;
                case "min_doc_count":
                    _minDocCount = Math.Max(1, JsonValues.GetInt(prop.Value, prop.Name));
                    break;
                case "order":
                    _order = TermsOrder.Parse(prop.Value);
                    break;
                case "missing":
                    _missing = prop.Value;
                    break;
                case "include":
                    _include = TermsKeys.Filter(prop.Value);
                    break;
                case "exclude":
                    _exclude = TermsKeys.Filter(prop.Value);
                    break;
                case "field" or "shard_size" or "show_term_doc_count_error" or "execution_hint" or "collect_mode"
                    or "value_type" or "format" or "shard_min_doc_count":
                    break;
                default:
                    throw EsErrors.Parsing($"[terms] unknown field [{prop.Name}]");
            }
        }

        foreach (var order in _order.Where(o => o.Target is not ("_count" or "_key")))
        {
            if (!_subs.Any(s => s.Name == order.Target && s is MetricAggregation))
            {
                throw EsErrors.IllegalArgument($"Invalid aggregation order path [{order.Target}]. Unknown aggregation [{order.Target}]");
            }
        }
    }

    public static bool IsType(string type) => type == "terms";

    public override void Write(Utf8JsonWriter w, IReadOnlyList<Hit> hits, AggregationContext ctx, bool typedKeys)
    {
        var mapped = ctx.Field(Field);
        if (mapped is not null)
        {
            ctx.EnsureAggregatable(mapped, "terms");
        }

        var kind = mapped?.Kind ?? FieldKind.Keyword;
        var buckets = Collect(hits, ctx, kind);
        var ordered = Order(buckets.Values.Where(b => b.DocCount >= _minDocCount).ToList(), ctx);
        var shown = ordered.Take(_size).ToList();
        var type = kind == FieldKind.Keyword ? "sterms" : kind.IsFloating() ? "dterms" : "lterms";

        WriteName(w, type, typedKeys);
        w.WriteStartObject();
        WriteMeta(w);
        w.WriteNumber("doc_count_error_upper_bound", 0);
        w.WriteNumber("sum_other_doc_count", ordered.Skip(_size).Sum(b => b.DocCount));
        w.WritePropertyName("buckets");
        w.WriteStartArray();
        foreach (var bucket in shown)
        {
            w.WriteStartObject();
            TermsKeys.Write(w, bucket.Key, kind);
            w.WriteNumber("doc_count", bucket.DocCount);
            foreach (var sub in _subs)
            {
                sub.Write(w, bucket.Hits, ctx, typedKeys);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private Dictionary<object, TermsBucket> Collect(IReadOnlyList<Hit> hits, AggregationContext ctx, FieldKind kind)
    {
        var buckets = new Dictionary<object, TermsBucket>();
        var keys = new HashSet<object>();
        foreach (var hit in hits)
        {
            keys.Clear();
            var field = ctx.Field(hit, Field);
            if (field is { Kind: FieldKind.Keyword })
            {
                keys.UnionWith(ctx.Strings(hit, Field));
            }
            else if (field is not null && field.Kind.IsFloating())
            {
                foreach (var d in ctx.Numbers(hit, field))
                {
                    keys.Add(d);
                }
            }
            else if (field is not null && field.Kind.HasNumericDocValues())
            {
                foreach (var l in ctx.Longs(hit, Field))
                {
                    keys.Add(l);
                }
            }

            if (keys.Count == 0 && _missing is { } missing && TermsKeys.Missing(missing, kind, field) is { } missingKey)
            {
                keys.Add(missingKey);
            }

            foreach (var key in keys)
            {
                if (!Allowed(TermsKeys.Text(key, kind)))
                {
                    continue;
                }

                if (!buckets.TryGetValue(key, out var bucket))
                {
                    bucket = new TermsBucket(key);
                    buckets[key] = bucket;
                }

                bucket.Hits.Add(hit);
            }
        }

        return buckets;
    }

    private List<TermsBucket> Order(List<TermsBucket> buckets, AggregationContext ctx)
    {
        var metricValues = new Dictionary<(TermsBucket, string), double?>();
        double? Metric(TermsBucket b, string name)
        {
            if (!metricValues.TryGetValue((b, name), out var v))
            {
                v = ((MetricAggregation)_subs.First(s => s.Name == name)).SingleValue(b.Hits, ctx);
                metricValues[(b, name)] = v;
            }

            return v;
        }

        int Compare(TermsBucket a, TermsBucket b)
        {
            foreach (var order in _order)
            {
                var c = order.Target switch
                {
                    "_count" => a.DocCount.CompareTo(b.DocCount),
                    "_key" => TermsKeys.Compare(a.Key, b.Key),
                    var name => Nullable.Compare(Metric(a, name), Metric(b, name)),
                };
                if (c != 0)
                {
                    return order.Descending ? -c : c;
                }
            }

            var byCount = b.DocCount.CompareTo(a.DocCount);
            return byCount != 0 ? byCount : TermsKeys.Compare(a.Key, b.Key);
        }

        buckets.Sort(Compare);
        return buckets;
    }

    private bool Allowed(string text) => (_include is null || _include(text)) && (_exclude is null || !_exclude(text));
}
