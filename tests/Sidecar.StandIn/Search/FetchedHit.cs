namespace Sidecar.StandIn.Search;

/// <summary>A hit of the requested page, with its stored fields loaded.</summary>
public sealed record FetchedHit(
    string Index,
    string Id,
    float? Score,
    byte[] Source,
    long Version,
    long SeqNo,
    IReadOnlyList<object?>? SortValues,
    byte[]? FieldsJson);
