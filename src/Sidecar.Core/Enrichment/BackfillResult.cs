namespace Sidecar.Enrichment;

/// <summary>
/// The outcome of an <see cref="EmbeddingBackfill"/> run that reached its end (cancellation and aborts throw).
/// <see cref="Failures"/> keeps the first <see cref="EmbeddingBackfill.MaxReportedFailures"/> failed documents.
/// </summary>
public sealed record BackfillResult(BackfillProgress Final, IReadOnlyList<BackfillFailure> Failures)
{
    /// <summary>True when every document that lacked the vector got one.</summary>
    public bool Complete => Final.Failed == 0 && Final.Skipped == 0;
}
