using System.Globalization;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Search;

/// <summary>One sort criterion resolved against the searched indices, with a sort key per hit.</summary>
public sealed class SortColumn
{
    private readonly SortSpec _spec;
    private readonly SortColumnKind _kind;
    private readonly object?[] _values;

    public SortColumn(SortSpec spec, IReadOnlyList<Hit> hits, IReadOnlyList<ShardContext> shards)
    {
        _spec = spec;
        _kind = spec.IsScore ? SortColumnKind.Score : spec.IsDoc ? SortColumnKind.Doc : ResolveKind(spec, shards);
        _values = new object?[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            _values[i] = KeyOf(hits[i], shards);
        }
    }

    public int Compare(int a, int b)
    {
        var x = _values[a];
        var y = _values[b];
        if (x is null || y is null)
        {
            return x is null && y is null ? 0 : (x is null) == _spec.MissingFirst ? -1 : 1;
        }

        var c = x switch
        {
            string s => string.CompareOrdinal(s, (string)y),
            long l => l.CompareTo((long)y),
            double d => d.CompareTo((double)y),
            float f => f.CompareTo((float)y),
            _ => ((int)x).CompareTo((int)y),
        };
        return _spec.Descending ? -c : c;
    }

    /// <summary>The value shown in a hit's <c>sort</c> array (Elasticsearch's stand-ins for missing values).</summary>
    public object? Rendered(int index) => _values[index] ?? _kind switch
    {
        SortColumnKind.Long => _spec.Descending ? long.MinValue : long.MaxValue,
        SortColumnKind.Double => _spec.Descending ? "-Infinity" : "Infinity",
        _ => null,
    };

    private object? KeyOf(Hit hit, IReadOnlyList<ShardContext> shards)
    {
        switch (_kind)
        {
            case SortColumnKind.Score:
                return hit.Score;
            case SortColumnKind.Doc:
                return hit.Doc;
        }

        var shard = shards[hit.Shard];
        var field = shard.Field(_spec.Field);
        object? key = null;
        if (field is { Kind: FieldKind.Keyword })
        {
            var values = shard.Strings(hit.Doc, field.Path);
            if (values.Length > 0)
            {
                Array.Sort(values, StringComparer.Ordinal);
                key = UseMax ? values[^1] : values[0];
            }
        }
        else if (field is not null && field.Kind.HasNumericDocValues() && _kind == SortColumnKind.Long)
        {
            var values = shard.Longs(hit.Doc, field.Path);
            if (values.Length > 0)
            {
                key = (_spec.Mode ?? (UseMax ? "max" : "min")) switch
                {
                    "max" => values.Max(),
                    "sum" => values.Sum(),
                    "avg" => (long)values.Average(),
                    "median" => (long)Median([.. values.Select(v => (double)v)]),
                    _ => values.Min(),
                };
            }
        }
        else if (field is not null && field.Kind.HasNumericDocValues())
        {
            var values = shard.Numbers(hit.Doc, field);
            if (values.Length > 0)
            {
                key = (_spec.Mode ?? (UseMax ? "max" : "min")) switch
                {
                    "max" => values.Max(),
                    "sum" => values.Sum(),
                    "avg" => values.Average(),
                    "median" => Median(values),
                    _ => values.Min(),
                };
            }
        }

        if (key is null && _spec.MissingValue is { } missing)
        {
            key = _kind switch
            {
                SortColumnKind.String => missing,
                SortColumnKind.Long when DateValues.TryParse(missing, out var ms) && field?.Kind == FieldKind.Date => ms,
                SortColumnKind.Long when long.TryParse(missing, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
                SortColumnKind.Double when double.TryParse(missing, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            };
        }

        return key;
    }

    private bool UseMax => _spec.Mode == "max" || (_spec.Mode is null && _spec.Descending);

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static SortColumnKind ResolveKind(SortSpec spec, IReadOnlyList<ShardContext> shards)
    {
        foreach (var shard in shards)
        {
            if (shard.Field(spec.Field) is not { } field)
            {
                continue;
            }

            if (field.Kind == FieldKind.Text)
            {
                throw EsErrors.FielddataDisabled(field.Path, shard.Index.Name).AsShardFailure(shard.Index.Name);
            }

            return KindOf(field.Kind) ?? throw EsErrors.IllegalArgument(
                $"Field [{field.Path}] of type [{field.TypeName}] does not support sorting").AsShardFailure(shard.Index.Name);
        }

        if (spec.UnmappedType is { } unmapped && FieldKinds.TryParse(unmapped, out var kind) && KindOf(kind) is { } k)
        {
            return k;
        }

        var first = shards.Count > 0 ? shards[0] : null;
        throw EsErrors.QueryShard($"No mapping found for [{spec.Field}] in order to sort on",
            first?.Index.Name ?? "_na_", first?.Index.Uuid ?? "_na_").AsShardFailure(first?.Index.Name ?? "_na_");
    }

    private static SortColumnKind? KindOf(FieldKind kind) => kind switch
    {
        FieldKind.Keyword => SortColumnKind.String,
        var k when k.IsFloating() => SortColumnKind.Double,
        var k when k.IsIntegral() || k == FieldKind.Boolean => SortColumnKind.Long,
        _ => null,
    };
}
