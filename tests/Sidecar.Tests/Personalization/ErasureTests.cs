using System.Net;
using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.StandIn;

namespace Sidecar.Tests.Personalization;

/// <summary>DELETE /_rerank/users/{id} erases the profile and every event of that user, and nothing of anyone else.</summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private StandInServer _es = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        await ShopCatalog.LoadAsync(_es.BaseUri);
        _sidecar = await PersonalSidecar.StartAsync(_es.BaseUri, _keys);
        var events = Enumerable.Range(0, 25).Select(i => EventsApiTests.Event("x" + i, "forget-me", "click", "S3"))
            .Concat(Enumerable.Range(0, 5).Select(i => EventsApiTests.Event("y" + i, "keep-me", "click", "S1")));
        var (response, _) = await _sidecar.PostEventsAsync("[" + string.Join(',', events) + "]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _es.DisposeAsync();
        _keys.Dispose();
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> DeleteAsync(string user, string? key = TestKeys.AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/_rerank/users/" + user);
        if (key is not null)
        {
            request.Headers.Add("X-Rerank-Api-Key", key);
        }

        var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
    }

    [Fact]
    public async Task Delete_ErasesProfileAndEvents_OfThatUserOnly()
    {
        var (response, body) = await DeleteAsync("forget-me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("profile_deleted").GetBoolean());
        Assert.Equal(25, body.GetProperty("events_deleted").GetInt64());
        Assert.DoesNotContain("forget-me", body.GetRawText(), StringComparison.Ordinal);
        Assert.Null(await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("forget-me")));
        Assert.Empty(await EsDirect.EventsAsync(_es.BaseUri, _keys.Hash("forget-me")));
        Assert.NotNull(await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("keep-me")));
        Assert.Equal(5, (await EsDirect.EventsAsync(_es.BaseUri, _keys.Hash("keep-me"))).Length);
    }

    [Fact]
    public async Task Delete_ThenSearch_RanksAsAnonymous()
    {
        var (_, anonymous) = await _sidecar.SearchAsync("shop", "wireless headphones", null, size: 6);
        var (_, before) = await _sidecar.SearchAsync("shop", "wireless headphones", "forget-me", size: 6);
        Assert.NotEqual(PersonalSidecar.Ids(anonymous), PersonalSidecar.Ids(before));

        await DeleteAsync("forget-me");
        var (_, after) = await _sidecar.SearchAsync("shop", "wireless headphones", "forget-me", size: 6);
        Assert.Equal(PersonalSidecar.Ids(anonymous), PersonalSidecar.Ids(after));
    }

    [Fact]
    public async Task Delete_IsIdempotent_NeedsTheKey_AndValidatesTheId()
    {
        await DeleteAsync("forget-me");
        var (again, body) = await DeleteAsync("forget-me");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(body.GetProperty("profile_deleted").GetBoolean());
        Assert.Equal(0, body.GetProperty("events_deleted").GetInt64());

        Assert.Equal(HttpStatusCode.Unauthorized, (await DeleteAsync("keep-me", key: null)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DeleteAsync("not%20valid")).Response.StatusCode);
        Assert.NotNull(await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("keep-me")));
    }

    [Fact]
    public async Task Retention_PurgesEventsAndProfilesPastRetention()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-400).ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        await EsDirect.PutAsync(_es.BaseUri, "rerank-events/_doc/ancient?refresh=true",
            $$"""{"event_id":"ancient","user_hash":"h-old","type":"click","item_id":"S1","index":"shop","timestamp":"{{old}}","received_at":"{{old}}","weight":1,"state":"applied"}""");
        await EsDirect.PutAsync(_es.BaseUri, "rerank-profiles/_doc/h-old?refresh=true", $$"""{"user_hash":"h-old","updated_at":"{{old}}","event_count":1}""");

        var (events, profiles) = await _sidecar.Get<RetentionPurge>().RunOnceAsync(_sidecar.Get<ConfigProvider>().Current, TestContext.Current.CancellationToken);

        Assert.Equal((1L, 1L), (events, profiles));
        Assert.Null(await EsDirect.ProfileAsync(_es.BaseUri, "h-old"));
        Assert.Equal(25, (await EsDirect.EventsAsync(_es.BaseUri, _keys.Hash("forget-me"))).Length);
    }
}
