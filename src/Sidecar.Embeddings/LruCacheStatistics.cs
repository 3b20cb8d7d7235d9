namespace Sidecar.Embeddings;

/// <summary>A snapshot of an <see cref="LruCache{TKey, TValue}"/>'s counters.</summary>
public readonly record struct LruCacheStatistics(long Hits, long Misses, long Evictions, int Count, int Capacity)
{
    /// <summary>Hits / (hits + misses), 0 before the first lookup.</summary>
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
