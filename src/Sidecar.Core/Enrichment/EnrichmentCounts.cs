namespace Sidecar.Enrichment;

/// <summary>
/// What an enricher did with the documents of one request that target a configured index (documents of
/// other indices are not counted). <see cref="Enriched"/>: a vector was added; <see cref="Skipped"/>: left
/// as sent (no text, vector already present, partial update not touching the text, script update, invalid JSON).
/// </summary>
public readonly record struct EnrichmentCounts(int Enriched, int Skipped)
{
    /// <summary>True when the body was rewritten; otherwise the output equals the input byte for byte.</summary>
    public bool Changed => Enriched > 0;

    public static EnrichmentCounts operator +(EnrichmentCounts a, EnrichmentCounts b) =>
        new(a.Enriched + b.Enriched, a.Skipped + b.Skipped);

    public static EnrichmentCounts Add(EnrichmentCounts a, EnrichmentCounts b) => a + b;
}
