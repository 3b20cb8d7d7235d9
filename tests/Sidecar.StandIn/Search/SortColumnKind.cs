namespace Sidecar.StandIn.Search;

/// <summary>How a sort criterion's values are compared and rendered.</summary>
public enum SortColumnKind
{
    Score,
    Doc,
    String,
    Long,
    Double,
}
