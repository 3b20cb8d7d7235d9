using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;
using Sidecar.Tests.Infrastructure;
using Sidecar.Text;

namespace Sidecar.Tests.Ranking;

public sealed class MoreFeatureTests
{
    private static double[] Compute(string yamlFeature, string response, string? query = null)
    {
        var profile = Fixtures.Profile(yamlFeature);
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(response))!;
        var values = new double[r.Hits.Length];
        var context = new RerankContext(profile, query, false) { Query = QueryAnalyzer.Default.Analyze(query) };
        profile.Reranker.Features[0].Compute(context, r.Hits, values);
        return values;
    }

    private static string Hits(params string[] sources) =>
        "{\"hits\":{\"hits\":[" + string.Join(",", sources.Select((s, i) => $"{{\"_id\":\"{i}\",\"_score\":1,\"_source\":{s}}}")) + "]}}";

    [Theory]
    [InlineData("gauss")]
    [InlineData("exp")]
    [InlineData("linear")]
    public void Decay_AtOffsetPlusScale_EqualsDecayAndIsOneInsideOffset(string function)
    {
        var v = Compute($"      - {{ name: d, type: decay, field: price, function: {function}, origin: 100, scale: 20, offset: 5, decay: 0.5 }}",
            Hits("""{"price":100}""", """{"price":103}""", """{"price":125}""", """{"price":75}""", """{"price":500}""", "{}"));
        Assert.Equal(1.0, v[0], 9);
        Assert.Equal(1.0, v[1], 9);
        Assert.Equal(0.5, v[2], 9);
        Assert.Equal(0.5, v[3], 9);
        Assert.True(v[4] < 0.01);
        Assert.Equal(0, v[5]);
    }

    [Fact]
    public void Decay_Dates_UseDurationsAndIsoStrings()
    {
        var v = Compute("      - { name: fresh, type: decay, field: created, function: exp, origin: '2026-12-01T00:00:00Z', scale: 10d, decay: 0.5 }",
            Hits("""{"created":"2026-12-01T00:00:00Z"}""", """{"created":"2026-11-21T00:00:00Z"}""", """{"created":1764547200000}"""));
        Assert.Equal(1.0, v[0], 9);
        Assert.Equal(0.5, v[1], 9);
        Assert.True(v[2] > 0 && v[2] < 0.5); // 2025-12-01: a year away
    }

    [Fact]
    public void Decay_OriginNow_UsesInjectedClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        var feature = new DecayFeature("f", 1, "t", new DecayCurve("linear", 86_400_000, 0, 0.5), null, isDate: true, 0, clock);
        var profile = Fixtures.ByRating();
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Hits("""{"t":"2026-12-04T00:00:00Z"}""", """{"t":"2026-12-03T00:00:00Z"}""")))!;
        var values = new double[2];
        feature.Compute(new RerankContext(profile, null, false), r.Hits, values);
        Assert.Equal([1.0, 0.5], values);
    }

    [Fact]
    public void Decay_BadParameters_AreConfigErrors()
    {
        var e = Assert.Throws<Sidecar.Configuration.ConfigException>(() =>
            Fixtures.Profile("      - { name: d, type: decay, field: t, origin: yesterday-ish, scale: 3 parsecs, decay: 2 }"));
        Assert.Contains(e.Errors, x => x.Path.EndsWith(".origin", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Path.EndsWith(".scale", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Path.EndsWith(".decay", StringComparison.Ordinal));
    }

    [Fact]
    public void FieldValueBoost_ListAndMap_ScoreBestMatchIgnoringCase()
    {
        var list = Compute("      - { name: b, type: field_value_boost, field: brand, values: [Sony, Apple] }",
            Hits("""{"brand":"sony"}""", """{"brand":"Bose"}""", """{"brand":["Bose","APPLE"]}""", "{}"));
        Assert.Equal([1.0, 0, 1.0, 0], list);
        var map = Compute("      - { name: b, type: field_value_boost, field: brand, values: { Sony: 0.5, Apple: 2 }, missing: -1 }",
            Hits("""{"brand":"sony"}""", """{"brand":["Sony","Apple"]}""", "{}"));
        Assert.Equal([0.5, 2.0, -1], map);
    }

    [Fact]
    public void TextMatch_ShareOfQueryTermsFoundInFields()
    {
        var v = Compute("      - { name: t, type: text_match, fields: [title, brand, category] }",
            Hits("""{"title":"Wireless Bluetooth Headphones","brand":"Sony"}""",
                 """{"title":"Wired earbuds","category":["Electronics","Headphone Accessories"]}""",
                 """{"title":"Wirelessly charged lamp"}"""),
            "sony wireless headphone");
        Assert.Equal(1.0, v[0], 9);
        Assert.Equal(1.0 / 3, v[1], 9);
        Assert.Equal(1.0 / 3, v[2], 9); // "wireless" at a word start of "wirelessly"
    }

    [Fact]
    public void TextMatch_ChineseQuery_IsSegmentedBeforeMatching()
    {
        var v = Compute("      - { name: t, type: text_match, fields: [title] }",
            Hits("""{"title":"华为 Mate 60 智能手机 5G 全网通"}""", """{"title":"小米 蓝牙降噪耳机"}"""),
            "华为智能手机 5G");
        Assert.Equal(1.0, v[0], 9);
        Assert.Equal(0.0, v[1], 9);
    }

    [Fact]
    public void TextMatch_NoQueryText_GivesMissing()
    {
        Assert.Equal([0.25], Compute("      - { name: t, type: text_match, missing: 0.25 }", Hits("""{"title":"x"}""")));
    }
}
