using System.Diagnostics.CodeAnalysis;

namespace Sidecar.Embeddings;

/// <summary>
/// Bounded least-recently-used cache: O(1) get/set (dictionary + linked list under one lock),
/// thread-safe, with hit/miss/eviction counters. Capacity 0 disables caching (every lookup misses).
/// At steady state an insert reuses the evicted node, so it allocates nothing.
/// </summary>
public sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _map;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new(); // First = most recent
    private readonly Lock _lock = new();
    private long _hits;
    private long _misses;
    private long _evictions;

    public LruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _map = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(Math.Min(capacity, 1024), comparer);
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    public LruCacheStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return new LruCacheStatistics(_hits, _misses, _evictions, _map.Count, Capacity);
            }
        }
    }

    /// <summary>Looks <paramref name="key"/> up, counts a hit or a miss, and marks it most recently used.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _hits++;
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                value = node.Value.Value;
                return true;
            }

            _misses++;
            value = default;
            return false;
        }
    }

    /// <summary>Adds or replaces <paramref name="key"/>, evicting the least recently used entry when full.</summary>
    public void Set(TKey key, TValue value)
    {
        if (Capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            var entry = new KeyValuePair<TKey, TValue>(key, value);
            if (_map.TryGetValue(key, out var node))
            {
                node.Value = entry;
                _recency.Remove(node);
                _recency.AddFirst(node);
                return;
            }

            if (_map.Count >= Capacity)
            {
                node = _recency.Last!;
                _recency.RemoveLast();
                _map.Remove(node.Value.Key);
                _evictions++;
                node.Value = entry;
            }
            else
            {
                node = new LinkedListNode<KeyValuePair<TKey, TValue>>(entry);
            }

            _recency.AddFirst(node);
            _map.Add(key, node);
        }
    }

    /// <summary>
    /// Returns the cached value or computes, stores and returns it. <paramref name="factory"/> runs
    /// outside the lock, so two threads missing the same key may both compute it (last one wins).
    /// </summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (TryGet(key, out var value))
        {
            return value;
        }

        value = factory(key);
        Set(key, value);
        return value;
    }

    public bool Remove(TKey key)
    {
        lock (_lock)
        {
            if (!_map.Remove(key, out var node))
            {
                return false;
            }

            _recency.Remove(node);
            return true;
        }
    }

    /// <summary>Drops all entries; counters are kept.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _recency.Clear();
        }
    }
}
