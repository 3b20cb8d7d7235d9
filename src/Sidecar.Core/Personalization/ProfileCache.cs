using Sidecar.Embeddings;

namespace Sidecar.Personalization;

/// <summary>
/// Profiles in process memory for the search path: a bounded LRU whose entries are trusted for
/// <c>lookup.cache_ttl_ms</c> (then fetched again; a stale entry still serves when the fetch is slow).
/// "No profile" is cached too. The replica that updates a profile writes it through; other replicas see
/// the change within the TTL. Cached states are never changed.
/// </summary>
public sealed class ProfileCache
{
    private readonly LruCache<string, Entry> _lru;
    private readonly TimeProvider _time;

    public ProfileCache(int capacity, TimeProvider time)
    {
        _lru = new LruCache<string, Entry>(capacity, StringComparer.Ordinal);
        _time = time;
    }

    public int Count => _lru.Count;

    /// <summary>The cached state (null: known to have no profile); <paramref name="fresh"/> false once older than <paramref name="ttlMs"/>.</summary>
    public bool TryGet(string userHash, int ttlMs, out ProfileState? state, out bool fresh)
    {
        if (_lru.TryGet(userHash, out var entry))
        {
            state = entry.State;
            fresh = _time.GetElapsedTime(entry.StoredAt).TotalMilliseconds < ttlMs;
            return true;
        }

        state = null;
        fresh = false;
        return false;
    }

    /// <summary>Stores <paramref name="state"/> (null: no profile). Do not change it afterwards.</summary>
    public void Set(string userHash, ProfileState? state) => _lru.Set(userHash, new Entry(state, _time.GetTimestamp()));

    public void Remove(string userHash) => _lru.Remove(userHash);

    private sealed record Entry(ProfileState? State, long StoredAt);
}
