using Sidecar.Personalization;

namespace Sidecar.Tests.Personalization;

/// <summary>The per-search view of a profile: normalisation, retention, interest keywords.</summary>
public sealed class UserProfileTests
{
    private const long T0 = 1_700_000_000_000;
    private static readonly PersonalizationOptions Options = new();

    private static ProfileState State(params (string Type, ItemAttributes Item)[] events)
    {
        var p = new ProfileState("hash") { UpdatedMs = T0 };
        var i = 0;
        foreach (var (type, item) in events)
        {
            p.Apply(new BehaviourEvent("e" + i++, "hash", type, "P" + i, "products", null, T0, T0, Options.WeightOf(type)), item, Options);
        }

        return p;
    }

    [Fact]
    public void From_NormalisesEachCategoryDepthBrandAndBandToItsStrongest()
    {
        var view = UserProfile.From(State(
            ("purchase", new ItemAttributes(["Electronics", "Headphones"], "Sonic", 30, null)),
            ("click", new ItemAttributes(["Electronics", "Speakers"], "Acme", 300, null))), "hash", T0, Options);

        Assert.True(view.HasHistory);
        Assert.Equal(1.0, view.CategoryAffinity("Electronics"), 12);
        Assert.Equal(1.0, view.CategoryAffinity("Electronics > Headphones"), 12);
        Assert.Equal(0.2, view.CategoryAffinity("electronics > speakers"), 12);
        Assert.Equal(0, view.CategoryAffinity("Home"));
        Assert.Equal(1.0, view.BrandAffinity("sonic"), 12);
        Assert.Equal(0.2, view.BrandAffinity(" Acme "), 12);
        Assert.Equal(1.0, view.PriceBandAffinity[PriceBands.Default.Band(30)], 12);
        Assert.Equal(0.2, view.PriceBandAffinity[PriceBands.Default.Band(300)], 12);
    }

    [Fact]
    public void From_NoStateOrNoEvents_HasNoHistory()
    {
        Assert.False(UserProfile.From(null, "hash", T0, Options).HasHistory);
        Assert.False(UserProfile.From(new ProfileState("hash"), "hash", T0, Options).HasHistory);
        Assert.Empty(UserProfile.From(null, "hash", T0, Options).TopInterests());
    }

    [Fact]
    public void From_ProfileIdleBeyondRetention_HasNoHistory()
    {
        var state = State(("click", new ItemAttributes([], "Sonic", null, null)));
        Assert.True(UserProfile.From(state, "hash", T0 + (364L * 86_400_000), Options).HasHistory);
        Assert.False(UserProfile.From(state, "hash", T0 + (366L * 86_400_000), Options).HasHistory);
    }

    [Fact]
    public void TopInterests_AreBrandsAndCategoriesStrongestFirstDeeperFirst()
    {
        var view = UserProfile.From(State(
            ("purchase", new ItemAttributes(["Electronics", "Headphones"], "Sonic", null, null)),
            ("click", new ItemAttributes(["Electronics", "Speakers"], "Acme", null, null)),
            ("view", new ItemAttributes(["Home"], "Woody", null, null))), "hash", T0, Options);

        var top = view.TopInterests(max: 4, minWeight: 0.1);
        Assert.Equal(["Sonic", "Headphones", "Electronics", "Acme"], top.Select(k => k.Term));
        Assert.Equal(1.0, top[0].Weight, 12);
        Assert.Equal(0.2, top[3].Weight, 12);
    }
}
