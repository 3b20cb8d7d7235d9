namespace Sidecar.Enrichment;

/// <summary>One document the backfill could not write (a failed <c>_bulk</c> item), e.g. a dimension mismatch with the mapping.</summary>
public sealed record BackfillFailure(string Index, string Id, int Status, string Reason)
{
    public override string ToString() => $"{Index}/{Id}: {Status} {Reason}";
}
