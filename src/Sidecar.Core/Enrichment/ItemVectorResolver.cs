using System.Buffers;
using System.Diagnostics.Metrics;
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Diagnostics;
using Sidecar.Embeddings;
using Sidecar.Proxy;
using Sidecar.Search;

namespace Sidecar.Enrichment;

/// <summary>
/// The item vectors of one search's window, aligned with the hits (index = upstream rank). Read from each hit's
/// <c>_source</c> when it carries the vector field, else from the <see cref="ItemEmbeddingCache"/>; with
/// <c>vectors_from: cache</c> the remaining misses are fetched with one <c>_mget</c> for their ids only, sent with the
/// client's own headers (its credentials: the sidecar reads nothing the client could not) and cached for later searches.
/// Never computes a vector. A failed or slow fetch leaves those hits without a vector (the features' <c>missing</c>
/// value) and is reported as <c>X-Rerank: applied; item_vectors=unavailable</c>.
/// </summary>
public sealed class ItemVectorResolver
{
    /// <summary>The <c>X-Rerank</c> value when the fetch of missing vectors failed but the search was reranked.</summary>
    public const string UnavailableOutcome = "applied; item_vectors=unavailable";

    private readonly UpstreamClient _upstream;
    private readonly ItemEmbeddingCache _cache;
    private readonly ILogger<ItemVectorResolver> _logger;
    private readonly Counter<long> _vectors;
    private readonly Counter<long> _fetches;

    public ItemVectorResolver(UpstreamClient upstream, ItemEmbeddingCache cache, SidecarMetrics metrics, ILogger<ItemVectorResolver> logger)
    {
        _upstream = upstream;
        _cache = cache;
        _logger = logger;
        _vectors = metrics.Meter.CreateCounter<long>("sidecar_item_vectors_total", null,
            "Item vectors of reranked hits by origin: source (in the hit), cache, fetched (_mget), missing");
        _fetches = metrics.Meter.CreateCounter<long>("sidecar_item_vector_fetches_total", null,
            "_mget requests for item vectors missing from the cache, by result (ok, failed)");
    }

    /// <summary>Resolves every hit's vector (empty: none). Never throws for upstream or parsing failures.</summary>
    /// <param name="dimensions">The expected vector length (the model's), to size the buffer; 0 when unknown.</param>
    public async Task<ItemVectorSet> ResolveAsync(string profile, ItemEmbeddingOptions options, IReadOnlyList<SearchHit> hits,
        HttpRequest client, string? privateHeader, CancellationToken budget, int dimensions = 384)
    {
        var vectors = new ItemVectorSet(hits.Count, dimensions);
        var missing = options.VectorsFrom == ItemVectorSource.Cache ? new List<MissingItem>() : null;
        var (fromSource, fromCache) = Collect(options, hits is SearchHit[] array ? array : hits.ToArray(), _cache, vectors, missing);

        var fetched = 0;
        if (missing is { Count: > 0 })
        {
            fetched = await FetchAsync(profile, options, missing, vectors, client, privateHeader, budget).ConfigureAwait(false);
            vectors.FetchFailed = fetched < 0;
            fetched = Math.Max(fetched, 0);
        }

        Count(profile, "source", fromSource);
        Count(profile, "cache", fromCache);
        Count(profile, "fetched", fetched);
        Count(profile, "missing", hits.Count - fromSource - fromCache - fetched);
        return vectors;
    }

    /// <summary>
    /// The vectors found without asking Elasticsearch: each hit's <c>_source</c>, else the item cache (no fetch, no
    /// metrics, not pooled). What features use when no search path resolved the window for them (in-process evaluation,
    /// benchmarks, unit tests).
    /// </summary>
    public static ItemVectorSet ResolveLocal(ItemEmbeddingOptions options, ReadOnlySpan<SearchHit> hits, ItemEmbeddingCache? cache)
    {
        var vectors = new ItemVectorSet(hits.Length, 0, pooled: false);
        Collect(options, hits, cache, vectors, missing: null);
        return vectors;
    }

    /// <summary>Fills <paramref name="vectors"/> (by hit rank) from <c>_source</c> or the cache; lists what neither has in <paramref name="missing"/>.</summary>
    private static (int FromSource, int FromCache) Collect(ItemEmbeddingOptions options, ReadOnlySpan<SearchHit> hits, ItemEmbeddingCache? cache,
        ItemVectorSet vectors, List<MissingItem>? missing)
    {
        int fromSource = 0, fromCache = 0;
        foreach (var hit in hits)
        {
            var rank = hit.Rank;
            if ((uint)rank >= (uint)vectors.Count)
            {
                continue;
            }

            if (hit.Source.ValueKind == JsonValueKind.Object && hit.Source.TryGetProperty(options.Field, out var field) &&
                TryParseInto(field, vectors, rank))
            {
                fromSource++;
                continue;
            }

            var id = hit.Id;
            var index = hit.Hit.TryGetProperty("_index"u8, out var ix) && ix.ValueKind == JsonValueKind.String ? ix.GetString() : null;
            if (id is null || index is null)
            {
                continue;
            }

            if (cache is not null && cache.TryGetStored(index, id, out var cached))
            {
                TensorPrimitives.ConvertToSingle(cached, vectors.Reserve(rank, cached.Length));
                fromCache++;
            }
            else if (missing is not null && !index.Contains(':', StringComparison.Ordinal))
            {
                // (A hit from a remote cluster, "cluster:index", cannot be read with _mget: it stays without a vector.)
                var routing = hit.Hit.TryGetProperty("_routing"u8, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                missing.Add(new MissingItem(rank, index, id, routing));
            }
        }

        return (fromSource, fromCache);
    }

    /// <summary>One <c>_mget</c> for the misses; fills <paramref name="vectors"/> and the cache. Returns how many were found, -1 on failure.</summary>
    private async Task<int> FetchAsync(string profile, ItemEmbeddingOptions options, List<MissingItem> missing,
        ItemVectorSet vectors, HttpRequest client, string? privateHeader, CancellationToken budget)
    {
        var body = new ArrayBufferWriter<byte>(64 + (missing.Count * 96));
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartArray("docs"u8);
            foreach (var m in missing)
            {
                w.WriteStartObject();
                w.WriteString("_index"u8, m.Index);
                w.WriteString("_id"u8, m.Id);
                if (m.Routing is not null)
                {
                    w.WriteString("routing"u8, m.Routing);
                }

                w.WriteStartObject("_source"u8);
                w.WriteStartArray("includes"u8);
                w.WriteStringValue(options.Field);
                w.WriteEndArray();
                if (options.RehydrateVectors)
                {
                    w.WriteBoolean("exclude_vectors"u8, false);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        try
        {
            using var exchange = await UpstreamExchange.SendAsync(_upstream, client, "/_mget", body.WrittenMemory, privateHeader, budget,
                HttpMethod.Post).ConfigureAwait(false);
            if (!exchange.IsSuccess)
            {
                _fetches.Add(1, new KeyValuePair<string, object?>("result", "failed"));
                ItemVectorLog.FetchStatus(_logger, profile, exchange.StatusCode, missing.Count);
                return -1;
            }

            using var doc = JsonDocument.Parse(exchange.Body.WrittenMemory);
            if (!doc.RootElement.TryGetProperty("docs"u8, out var docs) || docs.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("the _mget response has no docs array");
            }

            // Matched by (_index, _id), not by position: a doc the answer lacks or reorders cannot shift vectors onto other hits.
            var wanted = new Dictionary<(string Index, string Id), int>(missing.Count);
            foreach (var m in missing)
            {
                wanted.TryAdd((m.Index, m.Id), m.Rank);
            }

            var found = 0;
            foreach (var d in docs.EnumerateArray())
            {
                if (d.ValueKind == JsonValueKind.Object && d.TryGetProperty("_index"u8, out var ix) && ix.ValueKind == JsonValueKind.String &&
                    d.TryGetProperty("_id"u8, out var idElement) && idElement.ValueKind == JsonValueKind.String &&
                    ix.GetString() is { } index && idElement.GetString() is { } id && wanted.Remove((index, id), out var rank) &&
                    d.TryGetProperty("_source"u8, out var source) && source.ValueKind == JsonValueKind.Object &&
                    source.TryGetProperty(options.Field, out var field) && TryParseInto(field, vectors, rank))
                {
                    _cache.Set(index, id, vectors[rank]);
                    found++;
                }
            }

            _fetches.Add(1, new KeyValuePair<string, object?>("result", "ok"));
            return found;
        }
        catch (Exception e)
        {
            // Budget spent, client gone, upstream unreachable, an answer that is not _mget's, or anything else: the hits
            // go without vectors, the search is still answered (this is a fail-open boundary).
            _fetches.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            ItemVectorLog.FetchFailed(_logger, profile, e.GetType().Name, missing.Count);
            return -1;
        }
    }

    /// <summary>Parses a JSON array of numbers into the set's room for <paramref name="rank"/>; false (and no vector) otherwise.</summary>
    private static bool TryParseInto(JsonElement field, ItemVectorSet vectors, int rank)
    {
        if (field.ValueKind != JsonValueKind.Array || field.GetArrayLength() is var n && n == 0)
        {
            return false;
        }

        try
        {
            VectorJson.Parse(field, vectors.Reserve(rank, n));
            return true;
        }
        catch (JsonException)
        {
            vectors.Clear(rank); // not a vector: treat as missing
            return false;
        }
    }

    private void Count(string profile, string origin, int n)
    {
        if (n > 0)
        {
            _vectors.Add(n, new System.Diagnostics.TagList { { "profile", profile }, { "origin", origin } });
        }
    }
}

/// <summary>A hit whose vector neither its <c>_source</c> nor the cache had.</summary>
internal readonly record struct MissingItem(int Rank, string Index, string Id, string? Routing);

internal static partial class ItemVectorLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Profile {Profile}: fetching {Count} missing item vectors failed with HTTP {Status}; those hits get the missing value")]
    public static partial void FetchStatus(ILogger logger, string profile, int status, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Profile {Profile}: fetching {Count} missing item vectors failed ({Error}); those hits get the missing value")]
    public static partial void FetchFailed(ILogger logger, string profile, string error, int count);
}
