using Microsoft.Extensions.Time.Testing;
using Sidecar.Personalization;

namespace Sidecar.Tests.Personalization;

/// <summary>The in-process profile cache: bounded, trusted for a TTL, remembers "no profile" too.</summary>
public sealed class ProfileCacheTests
{
    [Fact]
    public void Entry_IsFreshUntilTheTtl_ThenStale()
    {
        var time = new FakeTimeProvider();
        var cache = new ProfileCache(10, time);
        var state = new ProfileState("h");
        cache.Set("h", state);

        Assert.True(cache.TryGet("h", 1000, out var got, out var fresh));
        Assert.Same(state, got);
        Assert.True(fresh);

        time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.True(cache.TryGet("h", 1000, out got, out fresh));
        Assert.Same(state, got);
        Assert.False(fresh);
    }

    [Fact]
    public void NoProfile_IsCachedAsNull()
    {
        var cache = new ProfileCache(10, new FakeTimeProvider());
        cache.Set("h", null);
        Assert.True(cache.TryGet("h", 1000, out var state, out _));
        Assert.Null(state);
        Assert.False(cache.TryGet("other", 1000, out _, out _));
    }

    [Fact]
    public void Capacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new ProfileCache(2, new FakeTimeProvider());
        cache.Set("a", null);
        cache.Set("b", null);
        Assert.True(cache.TryGet("a", 1000, out _, out _));
        cache.Set("c", null);
        Assert.False(cache.TryGet("b", 1000, out _, out _));
        Assert.True(cache.TryGet("a", 1000, out _, out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Gate_RefusesBeyondTheBound_ButLetsAnOversizedBatchThroughAlone()
    {
        var gate = new IngestGate();
        Assert.True(gate.TryEnter(8, 10));
        Assert.False(gate.TryEnter(3, 10));
        Assert.True(gate.TryEnter(2, 10));
        gate.Exit(10);
        Assert.True(gate.TryEnter(50, 10));
        Assert.False(gate.TryEnter(1, 10));
        gate.Exit(50);
        Assert.Equal(0, gate.InFlight);
    }
}
