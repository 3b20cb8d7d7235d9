using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Mapping;
using Sidecar.StandIn.Search;

namespace Sidecar.StandIn.Aggregations;

/// <summary>Per-hit field value access for aggregations across the searched indices.</summary>
public sealed class AggregationContext
{
    private readonly IReadOnlyList<ShardContext> _shards;

    public AggregationContext(IReadOnlyList<ShardContext> shards) => _shards = shards;

    /// <summary>The field's mapping in the first index that maps it (null when unmapped everywhere).</summary>
    public FieldMapping? Field(string path)
    {
        foreach (var shard in _shards)
        {
            if (shard.Field(path) is { } field)
            {
                return field;
            }
        }

        return null;
    }

    public FieldMapping? Field(Hit hit, string path) => _shards[hit.Shard].Field(path);

    public string[] Strings(Hit hit, string path) => _shards[hit.Shard].Strings(hit.Doc, path);

    public double[] Numbers(Hit hit, FieldMapping field) => _shards[hit.Shard].Numbers(hit.Doc, field);

    public long[] Longs(Hit hit, string path) => _shards[hit.Shard].Longs(hit.Doc, path);

    /// <summary>Throws the shard-level error Elasticsearch gives for aggregating a text field.</summary>
    public void EnsureAggregatable(FieldMapping field, string aggregationType)
    {
        var shard = _shards.FirstOrDefault(s => s.Field(field.Path) is not null);
        var index = shard?.Index.Name ?? "_na_";
        if (field.Kind == FieldKind.Text)
        {
            throw EsErrors.FielddataDisabled(field.Path, index).AsShardFailure(index);
        }

        if (!field.Kind.HasDocValues())
        {
            throw EsErrors.IllegalArgument(
                $"Field [{field.Path}] of type [{field.TypeName}] is not supported for aggregation [{aggregationType}]").AsShardFailure(index);
        }
    }
}
