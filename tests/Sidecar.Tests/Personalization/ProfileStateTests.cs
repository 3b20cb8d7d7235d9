using System.Text.Json;
using Sidecar.Personalization;

namespace Sidecar.Tests.Personalization;

/// <summary>Applying events to a stored profile: what each event adds, bounds, idempotency, JSON round trip.</summary>
public sealed class ProfileStateTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly PersonalizationOptions Options = new();
    private static readonly ItemAttributes Headphones = new(["Electronics", "Audio", "Headphones"], "Sonic", 120, [1, 0, 0]);

    private static BehaviourEvent Event(string id, string type, long t = T0, string item = "P1", string? query = null) =>
        new(id, "hash", type, item, "products", query, t, t, Options.WeightOf(type));

    [Fact]
    public void Apply_Purchase_AddsItsWeightToEveryCategoryLevelBrandAndBand()
    {
        var p = new ProfileState("hash");
        Assert.True(p.Apply(Event("e1", "purchase"), Headphones, Options));

        var h = Options.HalfLifeMs;
        Assert.Equal(5.0, p.Categories.ValueAt("Electronics", T0, h), 12);
        Assert.Equal(5.0, p.Categories.ValueAt("Electronics > Audio", T0, h), 12);
        Assert.Equal(5.0, p.Categories.ValueAt("Electronics > Audio > Headphones", T0, h), 12);
        Assert.Equal(5.0, p.Brands.ValueAt("sonic", T0, h), 12); // brands ignore case
        Assert.Equal(5.0, p.PriceBands.ValueAt("100-250", T0, h), 12);
        Assert.Equal(1, p.EventCount);
    }

    [Fact]
    public void Apply_ClickAndViewWeights_AddUp()
    {
        var p = new ProfileState("hash");
        p.Apply(Event("e1", "click"), Headphones, Options);
        p.Apply(Event("e2", "view"), Headphones, Options);
        p.Apply(Event("e3", "click"), Headphones, Options);
        Assert.Equal(2.2, p.Brands.ValueAt("Sonic", T0, Options.HalfLifeMs), 12);
    }

    [Fact]
    public void Apply_OlderEvent_IsDecayedToTheReferenceTime()
    {
        var p = new ProfileState("hash");
        var halfLife = (long)Options.HalfLifeMs;
        p.Apply(Event("new", "click", T0), Headphones, Options);
        p.Apply(Event("old", "purchase", T0 - halfLife), Headphones, Options);
        Assert.Equal(1.0 + 2.5, p.Brands.ValueAt("Sonic", T0, Options.HalfLifeMs), 9);
        Assert.Equal((1.0 + 2.5) / 2, p.Brands.ValueAt("Sonic", T0 + halfLife, Options.HalfLifeMs), 9);
    }

    [Fact]
    public void Apply_SameEventIdTwice_CountsOnce()
    {
        var p = new ProfileState("hash");
        Assert.True(p.Apply(Event("e1", "purchase"), Headphones, Options));
        Assert.False(p.Apply(Event("e1", "purchase"), Headphones, Options));
        Assert.Equal(1, p.EventCount);
        Assert.Equal(5.0, p.Brands.ValueAt("Sonic", T0, Options.HalfLifeMs), 12);
    }

    [Fact]
    public void Apply_ZeroWeightType_IsOnlyARecentItem()
    {
        var options = Options with { DefaultEventWeight = 0 };
        var p = new ProfileState("hash");
        p.Apply(new BehaviourEvent("e1", "hash", "share", "P1", "products", null, T0, T0, options.WeightOf("share")), Headphones, options);
        Assert.Equal(0, p.Brands.Count);
        Assert.Equal("share", Assert.Single(p.RecentItems).Type);
    }

    [Fact]
    public void Apply_InterestEmbedding_IsTheWeightedMeanOfUnitVectors()
    {
        var p = new ProfileState("hash");
        p.Apply(Event("e1", "purchase"), Headphones with { Embedding = [2, 0, 0] }, Options); // weight 5, unit [1,0,0]
        p.Apply(Event("e2", "click"), Headphones with { Embedding = [0, 3, 0] }, Options);    // weight 1, unit [0,1,0]
        var mean = p.Interest!.Mean()!;
        Assert.Equal(5.0 / 6, mean[0], 6);
        Assert.Equal(1.0 / 6, mean[1], 6);
        Assert.Equal(0, mean[2], 6);
    }

    [Fact]
    public void Apply_ManyEvents_KeepsRecentListsBoundedNewestFirst()
    {
        var options = Options with { Limits = new ProfileLimits { RecentItems = 3, RecentQueries = 2 } };
        var p = new ProfileState("hash");
        for (var i = 0; i < 10; i++)
        {
            p.Apply(Event("e" + i, "click", T0 + i, "P" + i, "query " + (i % 4)), ItemAttributes.None, options);
        }

        Assert.Equal(["P9", "P8", "P7"], p.RecentItems.Select(r => r.Id));
        Assert.Equal(["query 1", "query 0"], p.RecentQueries.Select(q => q.Text));
    }

    [Fact]
    public void Trim_KeepsTheStrongestAffinitiesAndTheLastAppliedIds()
    {
        var options = Options with { Limits = new ProfileLimits { MaxAffinities = 2, AppliedIds = 10 } };
        var p = new ProfileState("hash");
        for (var i = 0; i < 20; i++)
        {
            p.Apply(Event("e" + i, i < 5 ? "purchase" : "view"), new ItemAttributes([], "B" + (i % 5), null, null), options);
        }

        p.Trim(T0, options);
        Assert.Equal(2, p.Brands.Count);
        Assert.Equal(10, p.AppliedIds.Count());
        Assert.False(p.HasApplied("e0"));
        Assert.True(p.HasApplied("e19"));
    }

    [Fact]
    public void Json_RoundTrip_KeepsEverything()
    {
        var p = new ProfileState("hash") { UpdatedMs = T0 };
        p.Apply(Event("e1", "purchase", T0, "P1", "wireless headphones"), Headphones, Options);
        p.Apply(Event("e2", "click", T0 + 5), Headphones with { Brand = "Acme", Price = 5 }, Options);

        using var doc = JsonDocument.Parse(ProfileJson.ToBytes(p));
        var back = ProfileJson.Read(doc.RootElement, "hash");

        Assert.Equal(ProfileJson.ToBytes(p), ProfileJson.ToBytes(back));
        Assert.Equal(2, back.EventCount);
        Assert.True(back.HasApplied("e1") && back.HasApplied("e2"));
        Assert.Equal(5.0, back.Brands.ValueAt("Sonic", T0, Options.HalfLifeMs), 12);
        Assert.Equal("wireless headphones", Assert.Single(back.RecentQueries).Text);
        Assert.Equal("hash", doc.RootElement.GetProperty("user_hash").GetString());
    }

    [Fact]
    public void Json_Malformed_ReadsAsMuchAsPossible()
    {
        using var doc = JsonDocument.Parse("""{"event_count":"x","brand":[{"k":"A","v":2,"t":5},{"k":3},"junk"],"interest":{"v":["a"],"w":1}}""");
        var p = ProfileJson.Read(doc.RootElement, "h");
        Assert.Equal(0, p.EventCount);
        Assert.Equal(1, p.Brands.Count);
        Assert.Null(p.Interest);
    }
}
