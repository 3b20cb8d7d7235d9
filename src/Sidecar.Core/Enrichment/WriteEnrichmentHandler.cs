using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Diagnostics;
using Sidecar.Proxy;

namespace Sidecar.Enrichment;

/// <summary>
/// Write-time enrichment on the proxy path: a document written through the sidecar (<c>_bulk</c>,
/// <c>_doc</c>, <c>_create</c>, <c>_update</c>) into an index of a profile with <c>item_embedding.enrich_on_write</c>
/// gets the embedding of its text fields added before it is forwarded. Anything that goes wrong
/// (model error, odd body, unsupported content type) forwards the original bytes unchanged: writes are
/// never lost or blocked because of enrichment.
/// </summary>
public sealed class WriteEnrichmentHandler
{
    private const int MaxTextsPerRequest = 20_000;

    private readonly PassThroughForwarder _passThrough;
    private readonly ILogger<WriteEnrichmentHandler> _logger;
    private long _enriched;
    private long _skipped;
    private long _failures;

    private readonly SidecarMetrics _metrics;

    public WriteEnrichmentHandler(PassThroughForwarder passThrough, SidecarMetrics metrics, ILogger<WriteEnrichmentHandler> logger)
    {
        _metrics = metrics;
        _passThrough = passThrough;
        _logger = logger;
    }

    public long Enriched => Interlocked.Read(ref _enriched);

    public long Skipped => Interlocked.Read(ref _skipped);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>True when this write may need enrichment under <paramref name="options"/>.</summary>
    public static bool Applies(SidecarOptions options, string method, string path, out string index, out DocumentApi kind)
    {
        index = string.Empty;
        kind = default;
        if (options.Embedder is null || !DocumentEnricher.TryMatch(method, path, out index, out kind))
        {
            return false;
        }

        foreach (var p in options.Profiles)
        {
            if (p.EnrichOnWrite && (kind == DocumentApi.Bulk || p.MatchesTarget(index)))
            {
                return true;
            }
        }

        return false;
    }

    public async Task HandleAsync(HttpContext context, SidecarOptions options, string index, DocumentApi kind)
    {
        var limit = options.Server.MaxRequestBodyBytes;
        using var raw = new PooledBuffer();
        using var decoded = new PooledBuffer(1024);
        using var enriched = new PooledBuffer(1024);
        var status = await RequestBody.ReadRawAsync(context.Request, raw, limit, context.RequestAborted).ConfigureAwait(false);
        var body = ReadOnlyMemory<byte>.Empty;
        if (status == RequestBody.Status.Ok)
        {
            status = RequestBody.Decode(context.Request.Headers.ContentEncoding, raw, decoded, limit, out body);
        }

        if (status == RequestBody.Status.TooLarge)
        {
            await EsError.WriteAsync(context, 413, "request_entity_too_large_exception",
                $"request body is larger than server.max_request_body_bytes ({limit} bytes)").ConfigureAwait(false);
            return;
        }

        var changed = false;
        if (status == RequestBody.Status.Ok && IsJson(context.Request.ContentType))
        {
            try
            {
                var counts = kind == DocumentApi.Bulk
                    ? await new BulkEnricher(i => OptionsFor(options, i), options.Embedder!, maxTexts: MaxTextsPerRequest)
                        .EnrichAsync(body, index.Length == 0 ? null : index, enriched, context.RequestAborted).ConfigureAwait(false)
                    : await new DocumentEnricher(i => OptionsFor(options, i), options.Embedder!)
                        .EnrichAsync(kind, index, body, enriched, context.RequestAborted).ConfigureAwait(false);
                Interlocked.Add(ref _enriched, counts.Enriched);
                Interlocked.Add(ref _skipped, counts.Skipped);
                _metrics.Enrichment(counts.Enriched, counts.Skipped, 0);
                changed = counts.Changed;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.Increment(ref _failures);
                _metrics.Enrichment(0, 0, 1);
                EnrichmentLog.Failed(_logger, kind.ToString(), e);
            }
        }

        if (changed)
        {
            context.Request.Headers.Remove("Content-Encoding");
            context.Request.Headers.Remove("Transfer-Encoding");
            context.Request.ContentLength = enriched.Length;
            context.Request.Body = new ReadOnlyMemoryStream(enriched.WrittenMemory);
        }
        else
        {
            context.Request.Body = new ReadOnlyMemoryStream(raw.WrittenMemory);
        }

        await _passThrough.ForwardAsync(context).ConfigureAwait(false);
    }

    private static ItemEmbeddingOptions? OptionsFor(SidecarOptions options, string index)
    {
        foreach (var p in options.Profiles)
        {
            if (p.EnrichOnWrite && p.MatchesTarget(index))
            {
                return p.ItemEmbedding;
            }
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        string.IsNullOrEmpty(contentType) ||
        contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ||
        contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase);
}
