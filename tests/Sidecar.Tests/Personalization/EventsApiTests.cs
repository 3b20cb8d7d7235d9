using System.Net;
using System.Text.Json;
using Sidecar.StandIn;

namespace Sidecar.Tests.Personalization;

/// <summary>POST /_rerank/events against the Elasticsearch stand-in: auth, validation, idempotency, what is stored.</summary>
public sealed class EventsApiTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private StandInServer _es = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        await ShopCatalog.LoadAsync(_es.BaseUri);
        _sidecar = await PersonalSidecar.StartAsync(_es.BaseUri, _keys);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _es.DisposeAsync();
        _keys.Dispose();
    }

    internal static string Event(string id, string user, string type, string item, string? timestamp = null, string index = "shop") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event_id"] = id, ["user_id"] = user, ["type"] = type, ["item_id"] = item, ["index"] = index, ["query"] = "wireless headphones",
            ["timestamp"] = timestamp,
        });

    [Fact]
    public async Task Post_WithoutOrWithWrongKey_IsRefused()
    {
        var (none, _) = await _sidecar.PostEventsAsync($"[{Event("e1", "alice", "click", "S1")}]", apiKey: null);
        var (wrong, _) = await _sidecar.PostEventsAsync($"[{Event("e1", "alice", "click", "S1")}]", apiKey: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Null(await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("alice")));
    }

    [Fact]
    public async Task Post_ValidEvents_AreStoredWithTheHashAndAppliedToTheProfile()
    {
        var (response, body) = await _sidecar.PostEventsAsync(
            $"[{Event("e1", "alice", "purchase", "S3")},{Event("e2", "alice", "click", "H2")},{Event("e3", "alice", "view", "S1")}]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("duplicates").GetInt32());
        Assert.False(body.GetProperty("errors").GetBoolean());
        Assert.Equal(0, body.GetProperty("profiles_pending").GetInt32());

        var hash = _keys.Hash("alice");
        var events = await EsDirect.EventsAsync(_es.BaseUri, hash);
        Assert.Equal(3, events.Length);
        Assert.All(events, e => Assert.Equal("applied", e.GetProperty("state").GetString()));
        Assert.All(events, e => Assert.False(e.TryGetProperty("user_id", out _)));

        var profile = (await EsDirect.ProfileAsync(_es.BaseUri, hash))!.Value;
        Assert.Equal(3, profile.GetProperty("event_count").GetInt64());
        Assert.Equal(6.0, EsDirect.Affinity(profile, "brand", "Sonic"), 6);  // purchase 5 + click 1
        Assert.Equal(0.2, EsDirect.Affinity(profile, "brand", "Acme"), 6);   // view
        Assert.Equal(6.2, EsDirect.Affinity(profile, "category", "Electronics"), 6);
        Assert.Equal(6.0, EsDirect.Affinity(profile, "category", "Electronics > Headphones > Over-Ear"), 6);
        Assert.Equal(6.0, EsDirect.Affinity(profile, "price_band", "250-500"), 6);
        Assert.Equal(4, profile.GetProperty("interest").GetProperty("v").GetArrayLength());
        Assert.Equal("wireless headphones", profile.GetProperty("recent_queries")[0].GetProperty("q").GetString());
    }

    [Fact]
    public async Task Post_SameEventTwice_CountsOnce()
    {
        var first = await _sidecar.PostEventsAsync($"[{Event("dup-1", "bob", "purchase", "S1")}]");
        var again = await _sidecar.PostEventsAsync($"[{Event("dup-1", "bob", "purchase", "S1")},{Event("dup-1", "bob", "purchase", "S1")}]");

        Assert.Equal(1, first.Body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, again.Body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, again.Body.GetProperty("duplicates").GetInt32());
        var profile = (await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("bob")))!.Value;
        Assert.Equal(1, profile.GetProperty("event_count").GetInt64());
        Assert.Equal(5.0, EsDirect.Affinity(profile, "brand", "Acme"), 9);
    }

    [Fact]
    public async Task Post_SameEventTwiceInOneBatch_CountsOnce()
    {
        var (_, body) = await _sidecar.PostEventsAsync($"[{Event("d2", "carol", "click", "S1")},{Event("d2", "carol", "click", "S1")}]");
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, (await EsDirect.ProfileAsync(_es.BaseUri, _keys.Hash("carol")))!.Value.GetProperty("event_count").GetInt64());
    }

    [Fact]
    public async Task Post_MixedBatch_AcceptsTheValidAndListsTheRejectedWithReasons()
    {
        var ndjson = string.Join('\n',
            Event("ok-1", "dave", "click", "S1"),
            """{"event_id":"bad-1","type":"click","item_id":"S1","index":"shop"}""",
            "{not json",
            Event("bad-3", "dave", "Click!", "S1", index: "orders"),
            Event("ok-2", "dave", "add_to_cart", "S2", timestamp: DateTimeOffset.UtcNow.AddHours(-1).ToString("o", System.Globalization.CultureInfo.InvariantCulture)),
            Event("bad-4", "dave", "click", "S1", timestamp: "2999-01-01T00:00:00Z"));
        var (response, body) = await _sidecar.PostEventsAsync(ndjson, ndjson: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, body.GetProperty("received").GetInt32());
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.True(body.GetProperty("errors").GetBoolean());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("position").GetInt32());
        Assert.Equal([1, 2, 3, 5], rejected.Keys.Order());
        Assert.Equal("bad-1", rejected[1].GetProperty("event_id").GetString());
        Assert.Contains("user_id: required", rejected[1].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("not valid JSON", rejected[2].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, rejected[3].GetProperty("reasons").GetArrayLength()); // bad type and uncovered index
        Assert.Contains("future", rejected[5].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await EsDirect.EventsAsync(_es.BaseUri, _keys.Hash("dave"))).Length);
    }

    [Fact]
    public async Task Post_UnreadableBody_Is400()
    {
        var (response, body) = await _sidecar.PostEventsAsync("[{\"event_id\":");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("parse_exception", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_Events_IsMethodNotAllowed()
    {
        using var response = await _sidecar.Client.GetAsync("/_rerank/events", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Indices_AreCreatedWithTheirMappingOnFirstUse()
    {
        await _sidecar.PostEventsAsync($"[{Event("m1", "erin", "click", "S1")}]");
        using var http = new HttpClient();
        var events = await http.GetStringAsync(new Uri(_es.BaseUri, "rerank-events/_mapping"), TestContext.Current.CancellationToken);
        var profiles = await http.GetStringAsync(new Uri(_es.BaseUri, "rerank-profiles/_mapping"), TestContext.Current.CancellationToken);
        Assert.Contains("\"user_hash\":{\"type\":\"keyword\"", events.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"updated_at\":{\"type\":\"date\"", profiles.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
