using System.Net;

namespace Sidecar.Tests.Personalization;

/// <summary>Personalization on but no user id hash key: nothing personal is stored or served, and the answers say why.</summary>
public sealed class NoHashKeyTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private FakeStore _store = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await FakeStore.StartAsync();
        File.Delete(_keys.HashKeyFile);
        File.WriteAllText(_keys.HashKeyFile, string.Empty);
        _sidecar = await PersonalSidecar.StartAsync(_store.BaseUri, _keys);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _store.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task Search_WithUser_IsUnavailable_EventsAndErasureAre503()
    {
        var (search, _) = await _sidecar.SearchAsync("products", "item", "alice");
        Assert.Equal("applied; personalization=unavailable", PersonalSidecar.Outcome(search));
        var (events, body) = await _sidecar.PostEventsAsync($"[{EventsApiTests.Event("e1", "alice", "click", "d1", index: "products")}]");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
        Assert.Contains("hash key", body.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/_rerank/users/alice");
        request.Headers.Add("X-Rerank-Api-Key", TestKeys.AdminKey);
        using var erase = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, erase.StatusCode);
        Assert.DoesNotContain(_store.Upstream.Requests, r => !r.Target.Contains("_search", StringComparison.Ordinal));
    }
}
