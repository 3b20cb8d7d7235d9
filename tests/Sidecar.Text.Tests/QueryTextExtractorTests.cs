using System.Text;
using System.Text.Json;

namespace Sidecar.Text.Tests;

public class QueryTextExtractorTests
{
    private static string? Extract(string queryJson)
    {
        using var document = JsonDocument.Parse(queryJson);
        return QueryTextExtractor.Extract(document.RootElement);
    }

    [Theory]
    [InlineData("""{"match":{"title":"wireless headphones"}}""", "wireless headphones")]
    [InlineData("""{"match":{"title":{"query":"wireless headphones","operator":"and"}}}""", "wireless headphones")]
    [InlineData("""{"match_phrase":{"title":"noise cancelling"}}""", "noise cancelling")]
    [InlineData("""{"match_phrase_prefix":{"title":{"query":"blue"}}}""", "blue")]
    [InlineData("""{"match_bool_prefix":{"title":"quick brown f"}}""", "quick brown f")]
    [InlineData("""{"multi_match":{"query":"华为智能手机","fields":["title^2","brand"]}}""", "华为智能手机")]
    [InlineData("""{"combined_fields":{"query":"usb c charger","fields":["title","description"]}}""", "usb c charger")]
    public void Extract_LeafShapes_ReturnText(string query, string expected)
    {
        Assert.Equal(expected, Extract(query));
    }

    [Theory]
    [InlineData("""{"query_string":{"query":"title:(wireless AND headphones) OR brand:\"sony\"^2"}}""", "wireless headphones sony")]
    [InlineData("""{"query_string":{"query":"iph* NOT refurbished -used +case~1"}}""", "iph case")]
    [InlineData("""{"query_string":{"query":"_exists_:title price:[10 TO 20] laptop"}}""", "laptop")]
    [InlineData("""{"simple_query_string":{"query":"\"fried eggs\" +(eggplant | potato) -frittata"}}""", "fried eggs eggplant potato")]
    [InlineData("""{"query_string":{"query":"usb\\-c cable"}}""", "usb-c cable")]
    public void Extract_QueryStringSyntax_IsStripped(string query, string expected)
    {
        Assert.Equal(expected, Extract(query));
    }

    [Fact]
    public void Extract_BoolClauses_IncludesMustShouldFilterNotMustNot()
    {
        var query = """
            {"bool":{
              "must":[{"match":{"title":"headphones"}}],
              "should":{"match":{"brand":"sony"}},
              "filter":[{"term":{"category":"audio"}},{"match":{"color":"black"}}],
              "must_not":[{"match":{"title":"refurbished"}}]}}
            """;
        Assert.Equal("headphones sony black", Extract(query));
    }

    [Theory]
    [InlineData("""{"constant_score":{"filter":{"match":{"title":"tv"}},"boost":1.2}}""", "tv")]
    [InlineData("""{"function_score":{"query":{"match":{"title":"tv"}},"functions":[{"filter":{"match":{"x":"no"}},"weight":2}]}}""", "tv")]
    [InlineData("""{"dis_max":{"queries":[{"match":{"title":"tv"}},{"match":{"description":"television"}}]}}""", "tv television")]
    [InlineData("""{"boosting":{"positive":{"match":{"title":"apple"}},"negative":{"match":{"title":"pie"}},"negative_boost":0.5}}""", "apple")]
    [InlineData("""{"nested":{"path":"variants","query":{"match":{"variants.color":"red"}}}}""", "red")]
    public void Extract_CompoundQueries_FollowsScoringParts(string query, string expected)
    {
        Assert.Equal(expected, Extract(query));
    }

    [Fact]
    public void Extract_DeeplyNested_Works()
    {
        var query = """
            {"function_score":{"query":{"bool":{"must":{"dis_max":{"queries":[{"constant_score":{"filter":
              {"boosting":{"positive":{"multi_match":{"query":"deep text"}},"negative":{"match_all":{}}}}}}]}}}}}}
            """;
        Assert.Equal("deep text", Extract(query));
    }

    [Fact]
    public void Extract_RepeatedTexts_AreJoinedOnce()
    {
        var query = """{"bool":{"should":[{"match":{"title":"Sony TV"}},{"match":{"brand":"sony tv"}},{"match":{"description":"oled"}}]}}""";
        Assert.Equal("Sony TV oled", Extract(query));
    }

    [Theory]
    [InlineData("""{"match_all":{}}""")]
    [InlineData("""{"term":{"brand":"sony"}}""")]
    [InlineData("""{"bool":{"filter":[{"term":{"brand":"sony"}},{"range":{"price":{"lte":100}}}]}}""")]
    [InlineData("""{"bool":{"must_not":{"match":{"title":"used"}}}}""")]
    [InlineData("""{"match":{"year":2020}}""")]
    public void Extract_NoFreeText_ReturnsNull(string query)
    {
        Assert.Null(Extract(query));
    }

    [Fact]
    public void ExtractFromBody_ReadsQueryProperty()
    {
        var body = Encoding.UTF8.GetBytes("""{"size":10,"query":{"match":{"title":"laptop"}}}""");
        Assert.Equal("laptop", QueryTextExtractor.ExtractFromBody(body));
        Assert.Null(QueryTextExtractor.ExtractFromBody(Encoding.UTF8.GetBytes("""{"size":10}""")));
        Assert.Null(QueryTextExtractor.ExtractFromBody(Encoding.UTF8.GetBytes("not json")));
    }
}
