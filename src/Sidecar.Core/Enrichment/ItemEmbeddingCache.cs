using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Sidecar.Embeddings;
using Sidecar.Search;

namespace Sidecar.Enrichment;

/// <summary>
/// Item vectors for hits whose <c>_source</c> does not carry one: a bounded, thread-safe LRU keyed by
/// (index, <c>_id</c>). Filled off the request path (e.g. by a background job, or with vectors the write
/// path computed); <see cref="Resolve"/> only reads. A 384-dim entry costs about 1.6 KB.
/// </summary>
public sealed class ItemEmbeddingCache
{
    /// <summary>Bytes one cached 384-dimension vector costs (array, key, LRU node), for sizing <c>models.item_cache_size</c>.</summary>
    public const int ApproximateEntryBytes = 1_700;

    private LruCache<ItemKey, float[]> _cache;
    private long _sourceHits;

    /// <param name="capacity">Maximum entries; 0 disables the cache (every lookup misses).</param>
    public ItemEmbeddingCache(int capacity)
    {
        _cache = new LruCache<ItemKey, float[]>(capacity);
    }

    public int Capacity => _cache.Capacity;

    /// <summary>
    /// Replaces the cache with an empty one of <paramref name="capacity"/> entries (0 disables it). Meant for start-up,
    /// before any search: entries held so far are dropped.
    /// </summary>
    public void Resize(int capacity)
    {
        if (capacity != _cache.Capacity)
        {
            _cache = new LruCache<ItemKey, float[]>(capacity);
        }
    }

    public int Count => _cache.Count;

    /// <summary>Cache lookups only: hits, misses, evictions, size.</summary>
    public LruCacheStatistics Statistics => _cache.Statistics;

    /// <summary>How many <see cref="Resolve"/> calls found the vector in <c>_source</c> (the cache was not consulted).</summary>
    public long SourceHits => Interlocked.Read(ref _sourceHits);

    public bool TryGet(string index, string id, [NotNullWhen(true)] out float[]? vector) =>
        _cache.TryGet(new ItemKey(index, id), out vector);

    /// <summary>Stores <paramref name="vector"/> (not copied: do not change it afterwards).</summary>
    public void Set(string index, string id, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(vector);
        _cache.Set(new ItemKey(index, id), vector);
    }

    /// <summary>Forgets a document (e.g. its text changed).</summary>
    public bool Remove(string index, string id) => _cache.Remove(new ItemKey(index, id));

    /// <summary>
    /// The vector of one hit: the embedding field of <paramref name="source"/> when it holds a vector, else
    /// the cached one for (<paramref name="index"/>, <paramref name="id"/>), else null. With
    /// <paramref name="dimensions"/> &gt; 0, vectors of another length count as missing. Never computes one.
    /// </summary>
    public float[]? Resolve(string index, string? id, JsonElement source, ItemEmbeddingOptions options, out VectorOrigin origin,
        int dimensions = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (TryParseField(source, options.Field, out var fromSource) && Fits(fromSource, dimensions))
        {
            Interlocked.Increment(ref _sourceHits);
            origin = VectorOrigin.Source;
            return fromSource;
        }

        if (id is not null && _cache.TryGet(new ItemKey(index, id), out var cached) && Fits(cached, dimensions))
        {
            origin = VectorOrigin.Cache;
            return cached;
        }

        origin = VectorOrigin.Missing;
        return null;
    }

    /// <summary>As <see cref="Resolve(string, string?, JsonElement, ItemEmbeddingOptions, out VectorOrigin, int)"/> without the origin.</summary>
    public float[]? Resolve(string index, string? id, JsonElement source, ItemEmbeddingOptions options, int dimensions = 0) =>
        Resolve(index, id, source, options, out _, dimensions);

    private static bool TryParseField(JsonElement source, string field, [NotNullWhen(true)] out float[]? vector)
    {
        vector = null;
        if (source.ValueKind != JsonValueKind.Object || !SourcePath.TryGet(source, field, out var value) ||
            value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return false;
        }

        try
        {
            vector = VectorJson.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false; // not a vector: treat as missing
        }
    }

    private static bool Fits(float[] vector, int dimensions) => dimensions <= 0 || vector.Length == dimensions;
}
