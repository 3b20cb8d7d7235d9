using System.Net;
using Sidecar.StandIn;

namespace Sidecar.Tests.Personalization;

/// <summary>Several replicas updating the same profile at once lose no increment and count none twice.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const string At = "2026-01-01T00:00:00Z"; // one instant: the expected affinities are exact sums
    private readonly TestKeys _keys = new();
    private StandInServer _es = null!;
    private PersonalSidecar _a = null!;
    private PersonalSidecar _b = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        await ShopCatalog.LoadAsync(_es.BaseUri);
        const string settings = "retention_days: 0\nlookup: { timeout_ms: 5000 }\ningest: { max_update_attempts: 200 }";
        _a = await PersonalSidecar.StartAsync(_es.BaseUri, _keys, settings);
        _b = await PersonalSidecar.StartAsync(_es.BaseUri, _keys, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _es.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task TwoReplicas_ParallelPostsForOneUser_LoseNoIncrement()
    {
        const int n = 60;
        var posts = Enumerable.Range(0, n).Select(i =>
        {
            var sidecar = i % 2 == 0 ? _a : _b;
            var type = i % 3 == 0 ? "purchase" : "click";
            return sidecar.PostEventsAsync($"[{EventsApiTests.Event("c" + i, "hot-user", type, i % 2 == 0 ? "S1" : "S3", At)}]");
        });
        var results = await Task.WhenAll(posts);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        Assert.Equal(n, results.Sum(r => r.Body.GetProperty("accepted").GetInt32()));
        Assert.All(results, r => Assert.Equal(0, r.Body.GetProperty("profiles_pending").GetInt32()));

        var profile = (await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("hot-user")))!.Value;
        var expectedAcme = Enumerable.Range(0, n).Where(i => i % 2 == 0).Sum(i => i % 3 == 0 ? 5.0 : 1.0);
        var expectedSonic = Enumerable.Range(0, n).Where(i => i % 2 == 1).Sum(i => i % 3 == 0 ? 5.0 : 1.0);
        Assert.Equal(n, profile.GetProperty("event_count").GetInt64());
        Assert.Equal(expectedAcme, EsDirect.Affinity(profile, "brand", "Acme"), 6);
        Assert.Equal(expectedSonic, EsDirect.Affinity(profile, "brand", "Sonic"), 6);
        Assert.Equal(expectedAcme + expectedSonic, EsDirect.Affinity(profile, "category", "Electronics"), 6);
    }

    [Fact]
    public async Task TwoReplicas_SameEventsRacing_CountEachOnce()
    {
        var batch = "[" + string.Join(',', Enumerable.Range(0, 10).Select(i => EventsApiTests.Event("r" + i, "racer", "click", "S1", At))) + "]";
        var results = await Task.WhenAll(_a.PostEventsAsync(batch), _b.PostEventsAsync(batch), _a.PostEventsAsync(batch), _b.PostEventsAsync(batch));

        Assert.Equal(10, results.Sum(r => r.Body.GetProperty("accepted").GetInt32()));
        Assert.Equal(30, results.Sum(r => r.Body.GetProperty("duplicates").GetInt32()));
        var profile = (await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("racer")))!.Value;
        Assert.Equal(10, profile.GetProperty("event_count").GetInt64());
        Assert.Equal(10.0, EsDirect.Affinity(profile, "brand", "Acme"), 6);
    }
}
