namespace Sidecar.Enrichment;

/// <summary>The action of a <c>_bulk</c> metadata line.</summary>
internal enum BulkActionKind
{
    Unknown,
    Index,
    Create,
    Update,
    Delete,
}
