using System.Net;
using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.StandIn;

namespace Sidecar.Tests.Personalization;

/// <summary>
/// What is acknowledged is in Elasticsearch: a replica that dies right after the ack loses nothing, and events
/// stored but never applied (a replica that died between the two writes) are applied later, exactly once.
/// </summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private StandInServer _es = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        await ShopCatalog.LoadAsync(_es.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        await _es.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task Crash_RightAfterTheAck_LosesNothing()
    {
        var first = await PersonalSidecar.StartAsync(_es.BaseUri, _keys);
        var (response, body) = await first.PostEventsAsync("[" + string.Join(',',
            Enumerable.Range(0, 20).Select(i => EventsApiTests.Event("k" + i, "crash-user", "click", i % 2 == 0 ? "S3" : "S4"))) + "]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20, body.GetProperty("accepted").GetInt32());
        await first.KillAsync();

        await using var second = await PersonalSidecar.StartAsync(_es.BaseUri, _keys);
        Assert.Equal(20, (await EsDirect.EventsAsync(_es.BaseUri, _keys.Hash("crash-user"))).Length);
        var (search, hits) = await second.SearchAsync("shop", "wireless headphones", "crash-user", size: 3, explain: true);
        Assert.Equal("applied", PersonalSidecar.Outcome(search));
        Assert.Equal(1.0, PersonalizedSearchTests.FeatureValue(hits.GetProperty("hits").GetProperty("hits")[0], "user_brand"), 9);
        var (again, dup) = await second.PostEventsAsync("[" + EventsApiTests.Event("k0", "crash-user", "click", "S3") + "]");
        Assert.Equal(1, dup.GetProperty("duplicates").GetInt32()); // a client retrying after the crash does not double count
        Assert.Equal(20, (await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("crash-user")))!.Value.GetProperty("event_count").GetInt64());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Recovery_AppliesEventsStoredButNeverApplied_ExactlyOnce()
    {
        await using var sidecar = await PersonalSidecar.StartAsync(_es.BaseUri, _keys);
        var hash = _keys.Hash("orphan");
        var old = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 3; i++)
        {
            // As a replica leaves them when it stops between storing an event and updating the profile.
            await EsDirect.PutAsync(_es.BaseUri, $"rerank-events/_doc/p{i}?refresh=true",
                $$"""{"event_id":"p{{i}}","user_hash":"{{hash}}","type":"purchase","item_id":"S1","index":"shop","timestamp":"{{old}}","received_at":"{{old}}","weight":5,"state":"pending"}""");
        }

        var recovery = sidecar.Get<PendingEventRecovery>();
        var options = sidecar.Get<ConfigProvider>().Current;
        Assert.Equal(3, await recovery.RunOnceAsync(options, TestContext.Current.CancellationToken));
        Assert.Equal(0, await recovery.RunOnceAsync(options, TestContext.Current.CancellationToken));

        var profile = (await EsDirect.ProfileAsync(_es.BaseUri, hash))!.Value;
        Assert.Equal(3, profile.GetProperty("event_count").GetInt64());
        Assert.Equal(15.0, EsDirect.Affinity(profile, "brand", "Acme"), 6);
        Assert.All(await EsDirect.EventsAsync(_es.BaseUri, hash), e => Assert.Equal("applied", e.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Recovery_EventAppliedButNotMarked_IsNotCountedTwice()
    {
        await using var sidecar = await PersonalSidecar.StartAsync(_es.BaseUri, _keys, "maintenance: { pending_grace_s: 0 }\nlookup: { timeout_ms: 5000 }");
        await sidecar.PostEventsAsync("[" + EventsApiTests.Event("m1", "marked", "purchase", "S3") + "]");
        var hash = _keys.Hash("marked");
        var stored = (await EsDirect.EventsAsync(_es.BaseUri, hash)).Single().GetRawText().Replace("\"applied\"", "\"pending\"", StringComparison.Ordinal);
        await EsDirect.PutAsync(_es.BaseUri, "rerank-events/_doc/m1?refresh=true", stored); // the "applied" mark was lost
        await Task.Delay(5, TestContext.Current.CancellationToken);

        var applied = await sidecar.Get<PendingEventRecovery>().RunOnceAsync(sidecar.Get<ConfigProvider>().Current, TestContext.Current.CancellationToken);

        Assert.Equal(1, applied);
        var profile = (await EsDirect.ProfileAsync(_es.BaseUri, hash))!.Value;
        Assert.Equal(1, profile.GetProperty("event_count").GetInt64());
        Assert.Equal(5.0, EsDirect.Affinity(profile, "brand", "Sonic"), 6);
        Assert.Equal("applied", (await EsDirect.EventsAsync(_es.BaseUri, hash)).Single().GetProperty("state").GetString());
    }
}
