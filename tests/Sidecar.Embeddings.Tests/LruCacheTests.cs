namespace Sidecar.Embeddings.Tests;

public sealed class LruCacheTests
{
    [Fact]
    public void Set_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _)); // a is now most recent
        cache.Set("c", 3);                    // evicts b

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.True(cache.TryGet("c", out var c));
        Assert.Equal((1, 3), (a, c));
        Assert.Equal(new LruCacheStatistics(Hits: 3, Misses: 1, Evictions: 1, Count: 2, Capacity: 2), cache.Statistics);
        Assert.Equal(0.75, cache.Statistics.HitRatio);
    }

    [Fact]
    public void Set_ExistingKey_ReplacesValueAndRefreshesRecency()
    {
        var cache = new LruCache<int, string>(2);
        cache.Set(1, "one");
        cache.Set(2, "two");
        cache.Set(1, "uno");
        cache.Set(3, "three"); // evicts 2, not 1

        Assert.True(cache.TryGet(1, out var one));
        Assert.Equal("uno", one);
        Assert.False(cache.TryGet(2, out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void GetOrAdd_CountsMissThenHit()
    {
        var cache = new LruCache<string, int>(10);
        var calls = 0;
        Assert.Equal(5, cache.GetOrAdd("hello", k => { calls++; return k.Length; }));
        Assert.Equal(5, cache.GetOrAdd("hello", k => { calls++; return k.Length; }));
        Assert.Equal(1, calls);
        Assert.Equal((1L, 1L), (cache.Statistics.Hits, cache.Statistics.Misses));
    }

    [Fact]
    public void CapacityZero_NeverStores()
    {
        var cache = new LruCache<string, int>(0);
        cache.Set("a", 1);
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void RemoveAndClear_DropEntries()
    {
        var cache = new LruCache<string, int>(3);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.Remove("a"));
        Assert.False(cache.Remove("a"));
        cache.Clear();
        Assert.Equal(0, cache.Count);
        cache.Set("c", 3);
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void ConcurrentUse_StaysBoundedAndConsistent()
    {
        var cache = new LruCache<int, int>(64);
        Parallel.For(0, 8, thread =>
        {
            var random = new Random(thread);
            for (var i = 0; i < 20_000; i++)
            {
                var key = random.Next(200);
                if (cache.TryGet(key, out var value))
                {
                    Assert.Equal(key * 2, value);
                }
                else
                {
                    cache.Set(key, key * 2);
                }
            }
        });

        var stats = cache.Statistics;
        Assert.Equal(160_000, stats.Hits + stats.Misses);
        Assert.InRange(stats.Count, 1, 64);
    }
}
