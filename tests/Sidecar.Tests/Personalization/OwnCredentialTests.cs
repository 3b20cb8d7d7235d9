using System.Net.Http.Headers;

namespace Sidecar.Tests.Personalization;

/// <summary>Events, profiles and item reads go to Elasticsearch with the sidecar's own credential, never a client's.</summary>
public sealed class OwnCredentialTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private FakeStore _store = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await FakeStore.StartAsync();
        var credential = Path.Combine(_keys.Directory, "es.key");
        File.WriteAllText(credential, "sidecar-own-api-key");
        _sidecar = await PersonalSidecar.StartAsync(_store.BaseUri, _keys, credentialFile: credential);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _store.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task StoreRequests_CarryTheSidecarsCredential_SearchesTheClients()
    {
        _sidecar.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "Y2xpZW50OnNlY3JldA==");
        await _sidecar.PostEventsAsync($"[{EventsApiTests.Event("e1", "alice", "click", "d1", index: "products")}]");
        await _sidecar.SearchAsync("products", "item", "bob");

        // The search and the fetch of its hits' missing item vectors (a plain /_mget) are the client's requests; the
        // catalogue reads of the events path (/_mget?_source_includes=...) and every store write are the sidecar's own.
        bool ClientSide(Sidecar.Tests.Infrastructure.EchoUpstream.Recorded r) => r.Target.Contains("/products/_search", StringComparison.Ordinal) || r.Target == "/_mget";
        var own = _store.Upstream.Requests.Where(r => !ClientSide(r)).ToList();
        Assert.Contains(own, r => r.Target.StartsWith("/_bulk", StringComparison.Ordinal));
        Assert.Contains(own, r => r.Target.StartsWith("/rerank-profiles/_doc/", StringComparison.Ordinal));
        Assert.Contains(own, r => r.Target.StartsWith("/_mget", StringComparison.Ordinal));
        Assert.All(own, r => Assert.Equal("ApiKey sidecar-own-api-key", r.Headers["Authorization"]));
        var search = _store.Upstream.Requests.Single(r => r.Target.Contains("/products/_search", StringComparison.Ordinal));
        Assert.Equal("Basic Y2xpZW50OnNlY3JldA==", search.Headers["Authorization"]);
        var vectors = _store.Upstream.Requests.Single(r => r.Target == "/_mget");
        Assert.Equal("Basic Y2xpZW50OnNlY3JldA==", vectors.Headers["Authorization"]);
    }
}
