using System.Buffers;
using Sidecar.Embeddings;

namespace Sidecar.Enrichment;

/// <summary>
/// Write-time enrichment of the single-document APIs (<see cref="DocumentApi"/>): the same rules as
/// <see cref="BulkEnricher"/> for one document. <see cref="TryMatch"/> tells the proxy which requests
/// to route to which enricher.
/// </summary>
public sealed class DocumentEnricher
{
    private readonly Func<string, ItemEmbeddingOptions?> _optionsFor;
    private readonly ITextEmbedder _embedder;

    /// <param name="optionsFor">The options of an index name; null = not configured, left alone.</param>
    /// <param name="embedder">Computes the document vectors.</param>
    public DocumentEnricher(Func<string, ItemEmbeddingOptions?> optionsFor, ITextEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(optionsFor);
        ArgumentNullException.ThrowIfNull(embedder);
        _optionsFor = optionsFor;
        _embedder = embedder;
    }

    /// <summary>
    /// Writes the body of a <paramref name="kind"/> request on <paramref name="index"/> to
    /// <paramref name="output"/>, with the vector spliced in when the index is configured and the document
    /// has text; otherwise an exact copy (<see cref="EnrichmentCounts.Changed"/> is false). Counts are 0 or 1
    /// per request. Embedder exceptions propagate: forward the original body then.
    /// </summary>
    public async Task<EnrichmentCounts> EnrichAsync(DocumentApi kind, string index, ReadOnlyMemory<byte> body, IBufferWriter<byte> output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(output);
        if (kind == DocumentApi.Bulk)
        {
            throw new ArgumentException("Bulk bodies go to BulkEnricher.", nameof(kind));
        }

        var edits = new EmbeddingEdits();
        var counts = default(EnrichmentCounts);
        if (_optionsFor(index) is { } options)
        {
            var planned = SourcePlanner.Plan(edits, body, 0, kind == DocumentApi.Update, options);
            counts = planned ? new EnrichmentCounts(1, 0) : new EnrichmentCounts(0, 1);
            await edits.EmbedAsync(_embedder, 32, cancellationToken).ConfigureAwait(false);
        }

        edits.WriteTo(body.Span, output);
        return counts;
    }

    /// <summary>Convenience overload returning the new body as an array.</summary>
    public async Task<(byte[] Body, EnrichmentCounts Counts)> EnrichAsync(DocumentApi kind, string index, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken = default)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(body.Length + 8192, 256));
        var counts = await EnrichAsync(kind, index, body, output, cancellationToken).ConfigureAwait(false);
        return (output.WrittenSpan.ToArray(), counts);
    }

    /// <summary>
    /// Recognises the document write APIs: <c>PUT|POST /{index}/_doc/{id}</c>, <c>POST /{index}/_doc</c>,
    /// <c>PUT|POST /{index}/_create/{id}</c>, <c>POST /{index}/_update/{id}</c>, <c>POST|PUT /_bulk</c>
    /// (<paramref name="index"/> empty) and <c>POST|PUT /{index}/_bulk</c>. The index must be one name (no
    /// comma, no wildcard, not starting with <c>_</c>); it is URL-decoded. Query strings are not part of the path.
    /// </summary>
    public static bool TryMatch(string method, string path, out string index, out DocumentApi kind)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        index = string.Empty;
        kind = default;
        var isPost = string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
        var isPut = string.Equals(method, "PUT", StringComparison.OrdinalIgnoreCase);
        if ((!isPost && !isPut) || !path.StartsWith('/'))
        {
            return false;
        }

        var segments = path[1..].TrimEnd('/').Split('/');
        if (segments.Length == 1 && segments[0] == "_bulk")
        {
            kind = DocumentApi.Bulk;
            return true;
        }

        if (segments.Length < 2 || segments.Any(s => s.Length == 0) || !IsIndexName(segments[0], out var name))
        {
            return false;
        }

        var ok = (segments[1], segments.Length, isPost) switch
        {
            ("_bulk", 2, _) => Set(DocumentApi.Bulk, out kind),
            ("_doc", 2, true) => Set(DocumentApi.Index, out kind),
            ("_doc", 3, _) => Set(DocumentApi.Index, out kind),
            ("_create", 3, _) => Set(DocumentApi.Create, out kind),
            ("_update", 3, true) => Set(DocumentApi.Update, out kind),
            _ => false,
        };
        if (ok)
        {
            index = name;
        }

        return ok;
    }

    private static bool Set(DocumentApi value, out DocumentApi kind)
    {
        kind = value;
        return true;
    }

    private static bool IsIndexName(string segment, out string name)
    {
        name = segment.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(segment) : segment;
        return name.Length > 0 && name[0] != '_' && name.AsSpan().IndexOfAny(",*/") < 0;
    }
}
