using System.Buffers;
using Sidecar.Embeddings;

namespace Sidecar.Enrichment;

/// <summary>
/// Write-time enrichment of a <c>_bulk</c> body: for <c>index</c>/<c>create</c> actions on a configured index
/// the source line gets the embedding field (added, or replacing a value that is not a vector); for
/// <c>update</c> actions the partial <c>doc</c> gets it when it sets a text field, and an <c>upsert</c>
/// document always does. All texts of one bulk are embedded in one batched call. Every other byte is
/// copied as sent: action lines, other source lines, line endings (<c>\n</c> or <c>\r\n</c>), a missing
/// final newline. What cannot be understood is left for Elasticsearch to judge: a source line that is not
/// JSON, a document that already carries a vector; after a malformed or unknown action line the rest of
/// the body is copied untouched (Elasticsearch rejects such a bulk as a whole).
/// </summary>
public sealed class BulkEnricher
{
    private readonly Func<string, ItemEmbeddingOptions?> _optionsFor;
    private readonly ITextEmbedder _embedder;
    private readonly int _batchSize;
    private readonly int _maxTexts;

    /// <param name="optionsFor">The options of a concrete index name (as written in the action or URL); null = not configured, left alone.</param>
    /// <param name="embedder">Computes the document vectors.</param>
    /// <param name="batchSize">Texts per inference batch inside the one embedder call.</param>
    /// <param name="maxTexts">
    /// A bulk needing more distinct texts than this is forwarded unchanged (all its documents count as skipped;
    /// the backfill catches up later), bounding the time added to one request: ~3 ms per text on 2 cores.
    /// </param>
    public BulkEnricher(Func<string, ItemEmbeddingOptions?> optionsFor, ITextEmbedder embedder, int batchSize = 32, int maxTexts = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(optionsFor);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTexts);
        _optionsFor = optionsFor;
        _embedder = embedder;
        _batchSize = batchSize;
        _maxTexts = maxTexts;
    }

    /// <summary>
    /// Writes the enriched body to <paramref name="output"/> (a copy of <paramref name="body"/> when nothing
    /// changed: see <see cref="EnrichmentCounts.Changed"/>). <paramref name="defaultIndex"/> is the index of
    /// <c>/{index}/_bulk</c>, used by actions without <c>_index</c>. The embedder's exceptions propagate; the
    /// caller should then forward the original body (fail open).
    /// </summary>
    public async Task<EnrichmentCounts> EnrichAsync(ReadOnlyMemory<byte> body, string? defaultIndex, IBufferWriter<byte> output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var edits = new EmbeddingEdits();
        var counts = Plan(body, defaultIndex, edits);
        if (edits.TextCount > _maxTexts)
        {
            output.Write(body.Span);
            return new EnrichmentCounts(0, counts.Enriched + counts.Skipped);
        }

        await edits.EmbedAsync(_embedder, _batchSize, cancellationToken).ConfigureAwait(false);
        edits.WriteTo(body.Span, output);
        return counts;
    }

    /// <summary>Convenience overload returning the new body as an array.</summary>
    public async Task<(byte[] Body, EnrichmentCounts Counts)> EnrichAsync(ReadOnlyMemory<byte> body, string? defaultIndex,
        CancellationToken cancellationToken = default)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(body.Length, 256));
        var counts = await EnrichAsync(body, defaultIndex, output, cancellationToken).ConfigureAwait(false);
        return (output.WrittenSpan.ToArray(), counts);
    }

    private EnrichmentCounts Plan(ReadOnlyMemory<byte> body, string? defaultIndex, EmbeddingEdits edits)
    {
        var resolved = new Dictionary<string, ItemEmbeddingOptions?>(StringComparer.Ordinal);
        int enriched = 0, skipped = 0, position = 0;
        while (NextLine(body.Span, ref position, out var start, out var length))
        {
            var line = body.Span.Slice(start, length);
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue; // Elasticsearch skips blank lines between actions
            }

            if (!BulkAction.TryParse(line, out var action) || action.Kind == BulkActionKind.Unknown)
            {
                break; // the bulk is rejected as a whole; copy the rest untouched
            }

            if (!action.HasSource)
            {
                continue;
            }

            if (!NextLine(body.Span, ref position, out start, out length))
            {
                break;
            }

            var index = action.Index ?? defaultIndex;
            if (index is null || Resolve(resolved, index) is not { } options)
            {
                continue;
            }

            if (SourcePlanner.Plan(edits, body.Slice(start, length), start, action.Kind == BulkActionKind.Update, options))
            {
                enriched++;
            }
            else
            {
                skipped++;
            }
        }

        return new EnrichmentCounts(enriched, skipped);
    }

    private ItemEmbeddingOptions? Resolve(Dictionary<string, ItemEmbeddingOptions?> resolved, string index)
    {
        if (!resolved.TryGetValue(index, out var options))
        {
            options = _optionsFor(index);
            resolved.Add(index, options);
        }

        return options;
    }

    /// <summary>The next line from <paramref name="position"/>, without its <c>\n</c> or <c>\r\n</c>.</summary>
    private static bool NextLine(ReadOnlySpan<byte> body, ref int position, out int start, out int length)
    {
        start = position;
        length = 0;
        if (position >= body.Length)
        {
            return false;
        }

        var newline = body[position..].IndexOf((byte)'\n');
        var end = newline < 0 ? body.Length : position + newline;
        position = newline < 0 ? body.Length : end + 1;
        length = end - start;
        if (length > 0 && body[end - 1] == (byte)'\r')
        {
            length--;
        }

        return true;
    }
}
