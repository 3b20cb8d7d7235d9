using System.Text.Json;
using Sidecar.Embeddings;

namespace Sidecar.Enrichment;

/// <summary>
/// Embeds the documents of an existing index that lack the vector field, in pages, and writes the vectors
/// back. Resumable by construction: every page asks for documents still without the field (so a rerun
/// continues where the last one stopped), and writes wait for a refresh so the next page no longer sees them.
/// </summary>
public static class EmbeddingBackfill
{
    /// <summary>How many failed documents <see cref="BackfillResult.Failures"/> keeps.</summary>
    public const int MaxReportedFailures = 100;

    /// <summary>Documents given up on (no text, rejected) are excluded by id; past this many the run stops.</summary>
    public const int MaxExcludedIds = 10_000;

    private const int EmbedBatch = 32;
    private const int MaxIdlePages = 3;

    private static readonly TimeSpan[] DefaultRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>
    /// Runs the backfill of <paramref name="index"/> (an index or alias) through <paramref name="upstream"/>, whose
    /// <see cref="HttpClient.BaseAddress"/> is Elasticsearch with authentication already set up. Pages hold
    /// <paramref name="batchSize"/> documents, embedded in one call and written with one <c>_bulk</c>
    /// (<c>?refresh=wait_for</c>). Failed bulk items are reported, not fatal; a request that keeps failing is
    /// retried 3 times with backoff (1, 2, 4 s) and then throws <see cref="BackfillException"/>.
    /// </summary>
    public static Task<BackfillResult> RunAsync(HttpClient upstream, string index, ItemEmbeddingOptions options, ITextEmbedder embedder,
        int batchSize, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken = default) =>
        RunAsync(upstream, index, options, embedder, batchSize, progress, DefaultRetryDelays, TimeProvider.System, cancellationToken);

    internal static async Task<BackfillResult> RunAsync(HttpClient upstream, string index, ItemEmbeddingOptions options, ITextEmbedder embedder,
        int batchSize, IProgress<BackfillProgress>? progress, IReadOnlyList<TimeSpan> retryDelays, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentException.ThrowIfNullOrWhiteSpace(index);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var http = new BackfillHttp(upstream, retryDelays, time);
        var target = Uri.EscapeDataString(index);
        var run = new BackfillRun(index, time);

        using (var counted = await http.PostAsync($"{target}/_count", BackfillRequests.Count(options), ct).ConfigureAwait(false))
        {
            run.Total = counted.RootElement.TryGetProperty("count"u8, out var c) && c.TryGetInt64(out var n) ? n : 0;
        }

        progress?.Report(run.Snapshot());
        var written = new HashSet<(string, string)>();
        var idlePages = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            List<BackfillHit> page;
            using (var found = await http.PostAsync($"{target}/_search", BackfillRequests.Search(options, batchSize, run.Excluded), ct).ConfigureAwait(false))
            {
                page = BackfillHit.ReadPage(found.RootElement, index, options);
            }

            if (page.Count == 0)
            {
                break;
            }

            if (page.Find(h => written.Contains((h.Index, h.Id))) is { } again)
            {
                throw new BackfillException($"Document {again.Index}/{again.Id} was written in the previous batch but is still found without " +
                    $"'{options.Field}': check that the field is mapped (e.g. dense_vector) and that refresh=wait_for works.");
            }

            var before = run.Excluded.Count;
            var embeddable = page.Where(h => h.Text is not null).ToList();
            foreach (var h in page.Where(h => h.Text is null))
            {
                run.Skip(h); // text fields exist but are empty: nothing to embed
            }

            written.Clear();
            if (embeddable.Count > 0)
            {
                var vectors = await embedder.EmbedDocumentsAsync(embeddable.Select(h => h.Text!).ToList(), EmbedBatch, ct).ConfigureAwait(false);
                var (sent, usable) = run.KeepWritable(embeddable, vectors);
                if (sent.Count > 0)
                {
                    // Every action names its concrete index: /_bulk also works when the target is an alias over several.
                    using var answer = await http.PostAsync("_bulk?refresh=wait_for", BackfillRequests.Bulk(sent, usable, options), ct).ConfigureAwait(false);
                    run.Record(sent, answer.RootElement, written);
                }
            }

            idlePages = written.Count > 0 || run.Excluded.Count > before ? 0 : idlePages + 1;
            if (idlePages >= MaxIdlePages)
            {
                throw new BackfillException($"{MaxIdlePages} batches in a row wrote nothing (every update conflicted): is something rewriting '{index}'?");
            }

            if (run.Excluded.Count > MaxExcludedIds)
            {
                throw new BackfillException($"More than {MaxExcludedIds} documents could not be embedded or written; first: " +
                    string.Join("; ", run.Failures.Take(5)));
            }

            progress?.Report(run.Snapshot());
        }

        return new BackfillResult(run.Snapshot(), run.Failures); // the last page's report was the final state
    }
}
