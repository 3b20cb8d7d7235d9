using System.Text;
using Sidecar.Ranking;
using Sidecar.Search;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Ranking;

public sealed class FeatureTests
{
    private static double[] Compute(string yamlFeature, string response)
    {
        var profile = Fixtures.Profile(yamlFeature);
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(response))!;
        var values = new double[r.Hits.Length];
        profile.Reranker.Features[0].Compute(new RerankContext(profile, null, false), r.Hits, values);
        return values;
    }

    private const string Three = """{"hits":{"hits":[{"_id":"a","_score":4.0,"_source":{"rating":4.5,"n":1000}},{"_id":"b","_score":2.0,"_source":{"rating":"3.5","n":0}},{"_id":"c","_score":1.0,"_source":{"nested":{"rating":1}}}]}}""";

    [Fact]
    public void FirstStageScore_MinMax_MapsWindowToUnitRange()
    {
        Assert.Equal([1.0, 1.0 / 3, 0.0], Compute("      - { name: s, type: first_stage_score }", Three));
    }

    [Fact]
    public void FirstStageScore_ReciprocalRank_UsesUpstreamPosition()
    {
        Assert.Equal([1.0, 0.5, 1.0 / 3], Compute("      - { name: s, type: first_stage_score, normalize: reciprocal_rank }", Three));
    }

    [Fact]
    public void FirstStageScore_ZScore_CentresOnMean()
    {
        var v = Compute("      - { name: s, type: first_stage_score, normalize: z_score }", Three);
        Assert.Equal(0, v.Sum(), 9);
        Assert.True(v[0] > v[1] && v[1] > v[2]);
    }

    [Fact]
    public void NumericField_MissingValue_GetsDeclaredDefaultAfterNormalisation()
    {
        var v = Compute("      - { name: r, type: numeric_field, field: rating, missing: -1 }", Three);
        Assert.Equal([1.0, 0.0, -1.0], v);
    }

    [Fact]
    public void NumericField_DottedPath_ReadsNestedObjects()
    {
        var v = Compute("      - { name: r, type: numeric_field, field: nested.rating, normalize: none }", Three);
        Assert.Equal([0.0, 0.0, 1.0], v);
    }

    [Fact]
    public void NumericField_Log1pAndClamp_ApplyBeforeNormalisation()
    {
        var v = Compute("      - { name: r, type: numeric_field, field: n, transform: log1p, normalize: none, max: 100 }", Three);
        Assert.Equal(Math.Log(101), v[0], 9);
        Assert.Equal(0, v[1]);
    }

    [Fact]
    public void NumericField_Inverse_FavoursSmallValues()
    {
        var v = Compute("      - { name: r, type: numeric_field, field: n, transform: inverse, normalize: none }", Three);
        Assert.True(v[1] > v[0]);
    }

    [Fact]
    public void WeightedSum_EqualScores_KeepUpstreamOrder()
    {
        var profile = Fixtures.Profile("      - { name: r, type: numeric_field, field: none_such }");
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(50)))!;
        var result = profile.Reranker.Rerank(new RerankContext(profile, null, false), r.Hits);
        Assert.Equal(Enumerable.Range(0, 50), result.Order);
    }
}
