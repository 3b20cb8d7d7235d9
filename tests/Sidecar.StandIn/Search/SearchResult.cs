namespace Sidecar.StandIn.Search;

/// <summary>Everything needed to write a search response (computed while the searchers were held).</summary>
public sealed class SearchResult
{
    public required SearchRequest Request { get; init; }

    public required int Shards { get; init; }

    public required long TotalHits { get; init; }

    public required float? MaxScore { get; init; }

    public required IReadOnlyList<FetchedHit> Hits { get; init; }

    /// <summary>The rendered <c>aggregations</c> object, or null when none were requested.</summary>
    public byte[]? AggregationsJson { get; init; }

    public long TookMillis { get; set; }
}
