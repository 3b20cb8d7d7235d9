using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Text.Json;
using Sidecar.Embeddings;
using Sidecar.Search;

namespace Sidecar.Enrichment;

/// <summary>
/// Item vectors for hits whose <c>_source</c> does not carry one: a bounded, thread-safe LRU keyed by
/// (index, <c>_id</c>), filled by the search path's <c>_mget</c> of misses (<see cref="ItemVectorResolver"/>).
/// Vectors are stored in half precision (<see cref="Half"/>: 11-bit mantissa, relative error below 0.05 %, far
/// below what changes a cosine ranking) so that an entry of 384 dimensions costs about 0.95 KB instead of 1.7 KB.
/// </summary>
public sealed class ItemEmbeddingCache
{
    /// <summary>Bytes one cached 384-dimension vector costs (half-precision array, key, LRU node), for sizing <c>models.item_cache_size</c>.</summary>
    public const int ApproximateEntryBytes = 950;

    private LruCache<ItemKey, Half[]> _cache;
    private long _sourceHits;

    /// <param name="capacity">Maximum entries; 0 disables the cache (every lookup misses).</param>
    public ItemEmbeddingCache(int capacity)
    {
        _cache = new LruCache<ItemKey, Half[]>(capacity);
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
            _cache = new LruCache<ItemKey, Half[]>(capacity);
        }
    }

    public int Count => _cache.Count;

    /// <summary>Cache lookups only: hits, misses, evictions, size.</summary>
    public LruCacheStatistics Statistics => _cache.Statistics;

    /// <summary>How many <see cref="Resolve"/> calls found the vector in <c>_source</c> (the cache was not consulted).</summary>
    public long SourceHits => Interlocked.Read(ref _sourceHits);

    /// <summary>The cached vector as a new <c>float[]</c> (a conversion: use <see cref="TryGetStored"/> on hot paths).</summary>
    public bool TryGet(string index, string id, [NotNullWhen(true)] out float[]? vector)
    {
        if (_cache.TryGet(new ItemKey(index, id), out var stored))
        {
            vector = new float[stored.Length];
            TensorPrimitives.ConvertToSingle(stored, vector);
            return true;
        }

        vector = null;
        return false;
    }

    /// <summary>The stored half-precision vector itself (shared: never change it); convert with <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>.</summary>
    public bool TryGetStored(string index, string id, [NotNullWhen(true)] out Half[]? vector) =>
        _cache.TryGet(new ItemKey(index, id), out vector);

    /// <summary>Stores a half-precision copy of <paramref name="vector"/>.</summary>
    public void Set(string index, string id, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(id);
        var stored = new Half[vector.Length];
        TensorPrimitives.ConvertToHalf(vector, stored);
        _cache.Set(new ItemKey(index, id), stored);
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

        if (id is not null && TryGet(index, id, out var cached) && Fits(cached, dimensions))
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
