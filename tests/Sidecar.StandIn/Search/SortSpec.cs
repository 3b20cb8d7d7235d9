namespace Sidecar.StandIn.Search;

/// <summary>One sort criterion: a field, <c>_score</c> or <c>_doc</c>.</summary>
public sealed record SortSpec(string Field, bool Descending, bool MissingFirst, string? MissingValue, string? Mode, string? UnmappedType)
{
    public bool IsScore => Field == "_score";

    public bool IsDoc => Field == "_doc";

    public static SortSpec Score(bool descending = true) => new("_score", descending, false, null, null, null);
}
