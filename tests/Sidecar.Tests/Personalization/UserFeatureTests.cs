using System.Text;
using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Tests.Personalization;

/// <summary>The personal features over a fixed window, for users with and without history.</summary>
public sealed class UserFeatureTests
{
    private const long T0 = 1_700_000_000_000;

    // Upstream order h0..h3 by BM25; h0 Acme/Earbuds/cheap, h1 Sonic/Over-Ear/expensive, h2 has nothing, h3 Sonic without price.
    private const string Window = """
        {"hits":{"hits":[
          {"_index":"products","_id":"h0","_score":4.0,"_source":{"brand":"Acme","category":["Electronics","Headphones","Earbuds"],"price":20,"embedding":[1,0,0]}},
          {"_index":"products","_id":"h1","_score":3.0,"_source":{"brand":"Sonic","category":["Electronics","Headphones","Over-Ear"],"price":300,"embedding":[0,1,0]}},
          {"_index":"products","_id":"h2","_score":2.0,"_source":{"title":"nothing known"}},
          {"_index":"products","_id":"h3","_score":1.0,"_source":{"brand":["sonic"],"category":"Electronics","embedding":[0,0.9,0.1]}}
        ]}}
        """;

    private const string AllFeatures = """
              - { name: bm25, type: first_stage_score, normalize: min_max, weight: 1.0 }
              - { name: cat, type: user_category_affinity, weight: 1.0 }
              - { name: brand, type: user_brand_affinity, weight: 1.0 }
              - { name: price, type: user_price_fit, weight: 1.0 }
              - { name: interest, type: user_interest_similarity, weight: 1.0 }
              - { name: bought, type: recently_interacted, types: { purchase: -5.0, click: 0.5 }, weight: 1.0 }
        """;

    private static readonly PersonalizationOptions Options = new();

    internal static RerankProfile Profile(string features, string personalization = "personalization: { enabled: true }") =>
        new SidecarConfigLoader(FeatureRegistry.CreateDefault()).Load($"""
            {personalization}
            profiles:
              - name: test
                indices: [products]
                features:
            {features}
            """).Profiles[0];

    /// <summary>A user who bought Sonic over-ear headphones (item h1) and clicked something cheap from Acme once.</summary>
    private static UserProfile SonicFan()
    {
        var p = new ProfileState("hash") { UpdatedMs = T0 };
        p.Apply(new BehaviourEvent("e1", "hash", "purchase", "h1", "products", null, T0, T0, 5),
            new ItemAttributes(["Electronics", "Headphones", "Over-Ear"], "Sonic", 280, [0, 1, 0]), Options);
        p.Apply(new BehaviourEvent("e2", "hash", "click", "x9", "products", null, T0, T0, 1),
            new ItemAttributes(["Electronics", "Headphones", "Earbuds"], "Acme", 12, [1, 0, 0]), Options);
        return UserProfile.From(p, "hash", T0, Options);
    }

    private static double[] Column(RerankProfile profile, UserProfile? user, int feature = 0)
    {
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Window))!;
        var values = new double[r.Hits.Length];
        profile.Reranker.Features[feature].Compute(new RerankContext(profile, "q", false) { User = user }, r.Hits, values);
        return values;
    }

    private static int[] Order(RerankProfile profile, UserProfile? user)
    {
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Window))!;
        return profile.Reranker.Rerank(new RerankContext(profile, "q", false) { User = user }, r.Hits).Order;
    }

    [Fact]
    public void CategoryAffinity_MeanOverPathLevels()
    {
        var v = Column(Profile("      - { name: c, type: user_category_affinity, missing: -1 }"), SonicFan());
        Assert.Equal((1 + 1 + 0.2) / 3, v[0], 9); // Electronics 1, > Headphones 1, > Earbuds 1/5
        Assert.Equal(1.0, v[1], 9);
        Assert.Equal(-1, v[2]);                  // no category: missing
        Assert.Equal(1.0, v[3], 9);              // a single string is a one-level path
    }

    [Fact]
    public void CategoryAffinity_DeepestAndMax()
    {
        Assert.Equal(0.2, Column(Profile("      - { name: c, type: user_category_affinity, combine: deepest }"), SonicFan())[0], 9);
        Assert.Equal(1.0, Column(Profile("      - { name: c, type: user_category_affinity, combine: max }"), SonicFan())[0], 9);
    }

    [Fact]
    public void BrandAffinity_NormalisedIgnoringCase()
    {
        var v = Column(Profile("      - { name: b, type: user_brand_affinity }"), SonicFan());
        Assert.Equal([0.2, 1.0, 0.0, 1.0], v.Select(x => Math.Round(x, 9)));
    }

    [Fact]
    public void PriceFit_FavoursTheUsersBandAndItsNeighbours()
    {
        var v = Column(Profile("      - { name: p, type: user_price_fit, missing: -1 }"), SonicFan());
        // bands: 20 -> 10-25 (clicked, 1/5), 300 -> 250-500 (bought, 1): scores smoothed with 0.5^distance
        var raw = new double[7];
        raw[1] = 0.2;
        raw[5] = 1.0;
        var smooth = Enumerable.Range(0, 7).Select(b => Enumerable.Range(0, 7).Sum(j => raw[j] * Math.Pow(0.5, Math.Abs(b - j)))).ToArray();
        Assert.Equal(smooth[1] / smooth.Max(), v[0], 9);
        Assert.Equal(1.0, v[1], 9);
        Assert.Equal(-1, v[2]);
        Assert.Equal(-1, v[3]);
    }

    [Fact]
    public void InterestSimilarity_IsCosineWithTheInterestEmbedding()
    {
        var v = Column(Profile("      - { name: i, type: user_interest_similarity, missing: -1 }"), SonicFan());
        var interest = new[] { 1.0 / 6, 5.0 / 6, 0 }; // mean of [0,1,0] x5 and [1,0,0] x1
        var norm = Math.Sqrt(interest.Sum(x => x * x));
        Assert.Equal(interest[0] / norm, v[0], 5);
        Assert.Equal(interest[1] / norm, v[1], 5);
        Assert.Equal(-1, v[2]);
        Assert.True(v[3] > v[0]);
    }

    [Fact]
    public void RecentlyInteracted_DemotesWhatWasBought()
    {
        var v = Column(Profile("      - { name: r, type: recently_interacted, types: { purchase: -5.0, click: 0.5 } }"), SonicFan());
        Assert.Equal([0.0, -5.0, 0.0, 0.0], v);
    }

    [Fact]
    public void EveryUserFeature_AnonymousOrNoHistory_IsZeroForEveryHit()
    {
        var profile = Profile(AllFeatures);
        var noHistory = UserProfile.NoHistory("hash", T0, Options);
        for (var f = 1; f < profile.Reranker.Features.Count; f++)
        {
            Assert.Equal([0.0, 0.0, 0.0, 0.0], Column(profile, null, f));
            Assert.Equal([0.0, 0.0, 0.0, 0.0], Column(profile, noHistory, f));
        }
    }

    [Fact]
    public void Rerank_NoHistory_GivesTheNonPersonalOrder_AndHistoryChangesIt()
    {
        var personal = Profile(AllFeatures);
        var plain = Profile("      - { name: bm25, type: first_stage_score, normalize: min_max, weight: 1.0 }");
        Assert.Equal(Order(plain, null), Order(personal, null));
        Assert.Equal(Order(plain, null), Order(personal, UserProfile.NoHistory("hash", T0, Options)));
        Assert.NotEqual(Order(plain, null), Order(personal, SonicFan()));
        Assert.Equal(3, Order(personal, SonicFan())[0]); // h3: Sonic, similar to the interest, not bought yet
    }

    [Fact]
    public void Declare_WithoutPersonalizationSection_IsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => Profile("      - { name: c, type: user_brand_affinity }", personalization: ""));
        Assert.Contains("personalization", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_RecentlyInteractedWithoutTypes_IsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => Profile("      - { name: r, type: recently_interacted }"));
        Assert.Contains("types", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyIn_FindsPersonalFeatures()
    {
        Assert.True(UserFeature.AnyIn(Profile(AllFeatures).Reranker.Features));
        Assert.False(UserFeature.AnyIn(Profile("      - { name: s, type: first_stage_score }").Reranker.Features));
    }
}
