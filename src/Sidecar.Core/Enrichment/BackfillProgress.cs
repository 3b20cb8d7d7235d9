using System.Globalization;

namespace Sidecar.Enrichment;

/// <summary>
/// A snapshot of an <see cref="EmbeddingBackfill"/> run. <see cref="Total"/> is the number of documents
/// lacking the vector (and having some text) when the run started; <see cref="Done"/> were written,
/// <see cref="Failed"/> were rejected by Elasticsearch, <see cref="Skipped"/> had only empty text,
/// <see cref="Conflicts"/> changed while being embedded (left to whoever changed them, or a later page).
/// </summary>
public sealed record BackfillProgress(
    string Index,
    long Done,
    long Total,
    long Failed,
    long Skipped,
    long Conflicts,
    TimeSpan Elapsed,
    IReadOnlyList<BackfillFailure> NewFailures)
{
    /// <summary>Documents dealt with so far (written, failed or skipped).</summary>
    public long Processed => Done + Failed + Skipped;

    /// <summary>0..1; 1 when there was nothing to do.</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Processed / Total, 0, 1);

    /// <summary>Documents processed per second since the start.</summary>
    public double DocsPerSecond => Elapsed > TimeSpan.Zero ? Processed / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the current rate; null while the rate is unknown.</summary>
    public TimeSpan? Eta
    {
        get
        {
            var left = Math.Max(0, Total - Processed);
            if (left == 0)
            {
                return TimeSpan.Zero;
            }

            var rate = DocsPerSecond;
            return rate > 0 ? TimeSpan.FromSeconds(Math.Min(left / rate, TimeSpan.MaxValue.TotalSeconds / 2)) : null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Index}: {Done}/{Total} embedded, {Failed} failed, {Skipped} without text, {Conflicts} conflicts, {DocsPerSecond:0.#} docs/s");
}
