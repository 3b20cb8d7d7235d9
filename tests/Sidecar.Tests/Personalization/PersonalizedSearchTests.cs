using System.Net;
using System.Text.Json;
using Sidecar.StandIn;

namespace Sidecar.Tests.Personalization;

/// <summary>
/// Through the real search path: two users with different histories get different orders for the same query;
/// anonymous, invalid-id and no-history users all get the non-personal order.
/// </summary>
public sealed class PersonalizedSearchTests : IAsyncLifetime
{
    private const string Query = "wireless headphones";
    private readonly TestKeys _keys = new();
    private StandInServer _es = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        await ShopCatalog.LoadAsync(_es.BaseUri);
        _sidecar = await PersonalSidecar.StartAsync(_es.BaseUri, _keys);
        var (response, body) = await _sidecar.PostEventsAsync("[" + string.Join(',',
            EventsApiTests.Event("a1", "acme-fan", "purchase", "H1"),
            EventsApiTests.Event("a2", "acme-fan", "click", "S2"),
            EventsApiTests.Event("a3", "acme-fan", "purchase", "S1"),
            EventsApiTests.Event("b1", "sonic-fan", "purchase", "H2"),
            EventsApiTests.Event("b2", "sonic-fan", "add_to_cart", "S4")) + "]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, body.GetProperty("accepted").GetInt32());
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _es.DisposeAsync();
        _keys.Dispose();
    }

    private static string Brand(string id) => ShopCatalog.ById(id).Brand;

    [Fact]
    public async Task TwoUsersWithDifferentHistories_GetDifferentOrdersForTheSameQuery()
    {
        var (acmeResponse, acme) = await _sidecar.SearchAsync("shop", Query, "acme-fan", size: 6);
        var (sonicResponse, sonic) = await _sidecar.SearchAsync("shop", Query, "sonic-fan", size: 6);

        Assert.Equal("applied", PersonalSidecar.Outcome(acmeResponse));
        Assert.Equal("applied", PersonalSidecar.Outcome(sonicResponse));
        var acmeOrder = PersonalSidecar.Ids(acme);
        var sonicOrder = PersonalSidecar.Ids(sonic);
        Assert.NotEqual(acmeOrder, sonicOrder);
        Assert.Equal("S2", acmeOrder[0]);                  // Acme, clicked; S1 (Acme too) was bought, so demoted
        Assert.Equal("S1", acmeOrder[^1]);
        Assert.All(sonicOrder[..2], id => Assert.Equal("Sonic", Brand(id)));
    }

    [Fact]
    public async Task Anonymous_InvalidId_AndNoHistory_AllGetTheNonPersonalOrder()
    {
        var plain = await PersonalSidecar.StartAsync(_es.BaseUri, _keys, profiles: """
            profiles:
              - name: shop
                indices: [shop]
                window: 50
                features:
                  - { name: bm25, type: first_stage_score, normalize: min_max, weight: 1.0 }
            """);
        await using (plain)
        {
            var expected = PersonalSidecar.Ids((await plain.SearchAsync("shop", Query, null, size: 6)).Body);
            foreach (var user in new string?[] { null, "", "not a valid id!", new string('x', 129), "new-user-without-history" })
            {
                var (response, body) = await _sidecar.SearchAsync("shop", Query, user, size: 6);
                Assert.Equal("applied", PersonalSidecar.Outcome(response));
                Assert.Equal(expected, PersonalSidecar.Ids(body));
            }
        }
    }

    [Fact]
    public async Task Explain_NoHistory_ShowsPersonalFeaturesAsZero_HistoryShowsValues()
    {
        var (_, nobody) = await _sidecar.SearchAsync("shop", Query, "new-user-without-history", explain: true);
        var (_, fan) = await _sidecar.SearchAsync("shop", Query, "sonic-fan", explain: true);

        foreach (var hit in nobody.GetProperty("hits").GetProperty("hits").EnumerateArray())
        {
            var text = hit.GetProperty("_rerank").GetRawText();
            foreach (var feature in new[] { "user_category", "user_brand", "user_price", "user_interest", "bought" })
            {
                Assert.Equal(0.0, FeatureValue(hit, feature));
            }

            Assert.Contains("bm25", text, StringComparison.Ordinal);
        }

        var top = fan.GetProperty("hits").GetProperty("hits")[0];
        Assert.Equal(1.0, FeatureValue(top, "user_brand"), 9);
    }

    [Fact]
    public async Task Profile_UpdatedThroughTheEventsApi_ShowsInTheNextSearch()
    {
        var before = PersonalSidecar.Ids((await _sidecar.SearchAsync("shop", Query, "convert", size: 6)).Body);
        await _sidecar.PostEventsAsync("[" + EventsApiTests.Event("k1", "convert", "purchase", "S5") + "]");
        var after = PersonalSidecar.Ids((await _sidecar.SearchAsync("shop", Query, "convert", size: 6)).Body);
        Assert.NotEqual(before, after);
        Assert.Equal("S5", after[^1]); // bought: demoted below everything
    }

    /// <summary>A feature's value in a hit's <c>_rerank</c> explanation (<c>features.{name}.value</c>).</summary>
    internal static double FeatureValue(JsonElement hit, string feature) =>
        hit.GetProperty("_rerank").GetProperty("features").GetProperty(feature).GetProperty("value").GetDouble();
}
