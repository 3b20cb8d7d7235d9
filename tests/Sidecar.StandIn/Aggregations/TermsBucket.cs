using Sidecar.StandIn.Search;

namespace Sidecar.StandIn.Aggregations;

/// <summary>One terms bucket: its key (string, long or double) and the hits in it.</summary>
public sealed class TermsBucket
{
    public TermsBucket(object key) => Key = key;

    public object Key { get; }

    public List<Hit> Hits { get; } = [];

    public long DocCount => Hits.Count;
}
