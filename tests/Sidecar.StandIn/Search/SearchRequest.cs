using System.Text.Json;
using Sidecar.StandIn.Aggregations;

namespace Sidecar.StandIn.Search;

/// <summary>A parsed search request (body and URL parameters combined).</summary>
public sealed class SearchRequest
{
    public JsonElement? Query { get; set; }

    public JsonElement? PostFilter { get; set; }

    /// <summary>URL <c>q</c> (query_string syntax) with its <c>df</c>, <c>default_operator</c>, <c>analyzer</c>.</summary>
    public string? QueryString { get; set; }

    public string? DefaultField { get; set; }

    public bool DefaultOperatorAnd { get; set; }

    public string? Analyzer { get; set; }

    public bool Lenient { get; set; }

    public int From { get; set; }

    public int Size { get; set; } = 10;

    /// <summary>Sort criteria; empty means by score.</summary>
    public List<SortSpec> Sort { get; set; } = [];

    public SourceFilter Source { get; set; } = SourceFilter.All;

    /// <summary>Exact count up to this many hits (int.MaxValue for true); null for track_total_hits=false.</summary>
    public int? TrackTotalHitsUpTo { get; set; } = 10_000;

    public bool RestTotalHitsAsInt { get; set; }

    public bool TrackScores { get; set; }

    public float? MinScore { get; set; }

    public bool Version { get; set; }

    public bool SeqNoPrimaryTerm { get; set; }

    public bool TypedKeys { get; set; }

    public List<AggregationSpec> Aggregations { get; set; } = [];

    /// <summary>Patterns of the <c>fields</c> option (values read from _source).</summary>
    public List<string> Fields { get; set; } = [];

    public bool SortsByScoreOnly => Sort.Count == 0 || (Sort.Count == 1 && Sort[0] is { IsScore: true, Descending: true });

    /// <summary>Whether hits carry a _score (score sort, a _score criterion, or track_scores).</summary>
    public bool ScoresTracked => SortsByScoreOnly || TrackScores || Sort.Any(s => s.IsScore);
}
