using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.StandIn;

namespace Sidecar.Tests.Personalization;

/// <summary>Raw user ids never reach the logs or the sidecar's own indices: only their keyed hash does.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private const string User = "privacy-user-7f3a";
    private const string Invalid = "bad id privacy-x9";
    private readonly TestKeys _keys = new();
    private StandInServer _es = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        await ShopCatalog.LoadAsync(_es.BaseUri);
        _sidecar = await PersonalSidecar.StartAsync(_es.BaseUri, _keys, "maintenance: { pending_grace_s: 0 }\nlookup: { timeout_ms: 5000 }");
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _es.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task FullLifecycle_NoRawUserIdInLogsOrStores()
    {
        await _sidecar.PostEventsAsync("[" + string.Join(',',
            EventsApiTests.Event("p1", User, "purchase", "S3"),
            EventsApiTests.Event("p2", User, "click", "S1"),
            EventsApiTests.Event("p3", Invalid, "click", "S1"),
            EventsApiTests.Event("p4", User, "Not A Type", "S1")) + "]");
        await _sidecar.SearchAsync("shop", "wireless headphones", User, explain: true);
        await _sidecar.SearchAsync("shop", "wireless headphones", Invalid);
        var options = _sidecar.Get<ConfigProvider>().Current;
        await _sidecar.Get<PendingEventRecovery>().RunOnceAsync(options, TestContext.Current.CancellationToken);
        await _sidecar.Get<RetentionPurge>().RunOnceAsync(options, TestContext.Current.CancellationToken);
        var stored = await EsDirect.DumpAsync(_es.BaseUri, "rerank-events") + await EsDirect.DumpAsync(_es.BaseUri, "rerank-profiles");
        using (var request = new HttpRequestMessage(HttpMethod.Delete, "/_rerank/users/" + User))
        {
            request.Headers.Add("X-Rerank-Api-Key", TestKeys.AdminKey);
            using var _ = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        Assert.Contains(_keys.Hash(User), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(User, stored, StringComparison.Ordinal);
        var sent = _es.Received.Where(r => !r.PathAndQuery.StartsWith("/shop/_search", StringComparison.Ordinal))
            .Select(r => r.PathAndQuery + " " + r.BodyText).ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, s => Assert.DoesNotContain(User, s, StringComparison.Ordinal));
        Assert.All(sent, s => Assert.DoesNotContain("privacy-x9", s, StringComparison.Ordinal));

        var logs = _sidecar.Logs.All;
        Assert.Contains("[4106]", logs, StringComparison.Ordinal);                         // the erasure was logged...
        Assert.Contains(UserIdHasher.ForLog(_keys.Hash(User)), logs, StringComparison.Ordinal); // ...by hash
        Assert.Contains("[4102]", logs, StringComparison.Ordinal);                         // the invalid id was logged by length
        Assert.DoesNotContain(User, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("privacy-x9", logs, StringComparison.Ordinal);
    }
}
