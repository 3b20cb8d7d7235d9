using System.Net;

namespace Sidecar.Tests.Personalization;

/// <summary>A slow or failing profile store never slows searches down: they rank as anonymous and say so.</summary>
public sealed class UnavailableProfileStoreTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private FakeStore _store = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await FakeStore.StartAsync();
        _sidecar = await PersonalSidecar.StartAsync(_store.BaseUri, _keys, "lookup: { timeout_ms: 300, cache_ttl_ms: 1 }");
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _store.DisposeAsync();
        _keys.Dispose();
    }

    private async Task<string[]> AnonymousOrderAsync()
    {
        var (response, body) = await _sidecar.SearchAsync("products", "item", null, size: 20);
        Assert.Equal("applied", PersonalSidecar.Outcome(response));
        return PersonalSidecar.Ids(body);
    }

    [Fact]
    public async Task SlowProfileStore_SearchIsAnonymousAndMarkedUnavailable()
    {
        _store.OnProfileGet = async () =>
        {
            await Task.Delay(2500);
            return null;
        };
        var expected = await AnonymousOrderAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (response, body) = await _sidecar.SearchAsync("products", "item", "alice", size: 20);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("applied; personalization=unavailable", PersonalSidecar.Outcome(response));
        Assert.Equal(expected, PersonalSidecar.Ids(body));
        Assert.True(started.ElapsedMilliseconds < 2000, $"the search waited for the profile store ({started.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public async Task FailingProfileStore_SearchIsAnonymousAndMarkedUnavailable()
    {
        _store.OnProfileGet = () => Task.FromResult<int?>(503);
        var expected = await AnonymousOrderAsync();
        var (response, body) = await _sidecar.SearchAsync("products", "item", "alice", size: 20);
        Assert.Equal("applied; personalization=unavailable", PersonalSidecar.Outcome(response));
        Assert.Equal(expected, PersonalSidecar.Ids(body));
    }

    [Fact]
    public async Task FailingEventsStore_EventsAre503WithRetryAfter()
    {
        var (events, body) = await _sidecar.PostEventsAsync($"[{EventsApiTests.Event("e1", "alice", "click", "d1", index: "products")}]");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());

        _store.OnBulk = () => throw new InvalidOperationException("store down");
        var (failed, error) = await _sidecar.PostEventsAsync($"[{EventsApiTests.Event("e2", "alice", "click", "d1", index: "products")}]");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("1", failed.Headers.RetryAfter!.ToString());
        Assert.Contains("events could not be stored", error.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousSearch_NeverAsksTheProfileStore()
    {
        await AnonymousOrderAsync();
        await _sidecar.SearchAsync("products", "item", "invalid id!", size: 20);
        Assert.Empty(_store.ProfileRequests);
    }

    [Fact]
    public async Task StaleCachedProfile_ServesWhenTheStoreTurnsSlow()
    {
        await _sidecar.SearchAsync("products", "item", "bob", size: 20); // fetches: "no profile" cached
        while (_store.ProfileGets == 0 || !_sidecar.Get<Sidecar.Personalization.ProfileCache>().TryGet(_keys.Hash("bob"), 1, out _, out _))
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await Task.Delay(20, TestContext.Current.CancellationToken); // older than cache_ttl_ms: stale
        _store.OnProfileGet = async () =>
        {
            await Task.Delay(2500);
            return null;
        };
        var (second, _) = await _sidecar.SearchAsync("products", "item", "bob", size: 20);
        Assert.Equal("applied", PersonalSidecar.Outcome(second));
    }
}
