using System.Text;
using Sidecar.Configuration;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Eval.Tests;

public sealed class InProcessScoringTests
{
    private const string Yaml = """
        profiles:
          - name: p
            indices: [p]
            features:
              - { name: bm25, type: first_stage_score, weight: 1 }
              - { name: rating, type: numeric_field, field: rating, weight: 0.6 }
        """;

    // First-stage order a, b, c, d; rating orders c, d, b, a (not the reverse of the first stage).
    private const string Window = """
        {"hits":{"hits":[
          {"_id":"a","_score":4.0,"_source":{"rating":1.0}},
          {"_id":"b","_score":3.0,"_source":{"rating":2.0}},
          {"_id":"c","_score":2.0,"_source":{"rating":5.0}},
          {"_id":"d","_score":1.0,"_source":{"rating":4.0}}]}}
        """;

    private static (RerankProfile Profile, QueryWindow Window) Fixture()
    {
        var profile = new SidecarConfigLoader(FeatureRegistry.CreateDefault()).Load(Yaml).Profiles[0];
        var grades = new Dictionary<string, int>(StringComparer.Ordinal) { ["c"] = 3, ["a"] = 2, ["d"] = 0 };
        var window = new QueryWindow(new JudgedQuery("1", "q", grades), "q", SearchResponse.TryParse(Encoding.UTF8.GetBytes(Window))!);
        window.ComputeColumns(profile, profile.Reranker.Features);
        return (profile, window);
    }

    [Fact]
    public void LinearScorer_DeclaredWeights_ScoreLikeTheSidecarsReranker()
    {
        var (profile, window) = Fixture();
        using var _ = window;
        var viaReranker = Ablation.MeanNdcg([window], profile, 10);
        var viaScorer = new LinearScorer([window], 10).Mean([0], profile.Reranker.Features.Select(f => f.Weight).ToArray());
        Assert.Equal(viaReranker, viaScorer, 12);
    }

    [Fact]
    public void Ablation_WithoutAndAlone_RerankWithTheRemainingOrSingleFeature()
    {
        var (profile, window) = Fixture();
        using var _ = window;
        Assert.Equal(["c", "d", "b", "a"], window.Rerank(ProfileVariants.Alone(profile, 1)));
        Assert.Equal(["a", "b", "c", "d"], window.Rerank(ProfileVariants.Without(profile, 1)));
        var rows = Ablation.Run([window], profile, 10);
        Assert.Equal(["bm25", "rating"], rows.Select(r => r.Feature));
        Assert.Equal(rows[1].Without, rows[0].Alone, 12);
    }

    [Fact]
    public void WeightSearch_PicksTheFeatureThatOrdersTheJudgmentsBest()
    {
        var (_, window) = Fixture();
        using var _w = window;
        var path = new WeightSearch(new LinearScorer([window], 10)).Path([0]);
        Assert.True(path.Count >= 2);
        Assert.True(path[^1].Ndcg > path[0].Ndcg);
        Assert.NotEqual(0, path[1].Weights[1]); // rating is the first feature taken
    }
}
