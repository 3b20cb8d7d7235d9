using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sidecar.Text.Tests;

public class QueryExpansionRewriterTests
{
    private const string Expansion =
        """{"multi_match":{"query":"television smart tv","fields":["title^2","brand","category"],"operator":"or","boost":0.3}}""";

    private static readonly QueryExpansionRewriter Rewriter = new(["title^2", "brand", "category"], boost: 0.3);

    private static readonly PredictedKeyword[] Keywords =
    [
        new("television", 1.0, KeywordSource.Synonym),
        new("smart tv", 0.85, KeywordSource.Synonym),
        new("television", 0.5, KeywordSource.Caller),
    ];

    private static (string Body, ExpansionMode Mode) Rewrite(string body, IReadOnlyList<PredictedKeyword>? keywords = null)
    {
        var result = Rewriter.Rewrite(Encoding.UTF8.GetBytes(body), keywords ?? Keywords);
        return (Encoding.UTF8.GetString(result.Body.Span), result.Mode);
    }

    private static string Fill(string template, string? query = null) =>
        template.Replace("@EXP", Expansion, StringComparison.Ordinal).Replace("@QUERY", query, StringComparison.Ordinal);

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    [Fact]
    public void Rewrite_LeafMatch_WrapsAsShouldAlternative()
    {
        var (body, mode) = Rewrite("""{"query":{"match":{"title":"tv"}},"size":10}""");
        Assert.Equal(ExpansionMode.WrappedAsAlternative, mode);
        AssertJson(Fill("""{"query":{"bool":{"should":[{"match":{"title":"tv"}},@EXP]}},"size":10}"""), body);
    }

    [Fact]
    public void Rewrite_BoolWithShouldOnly_AppendsToShould()
    {
        var (body, mode) = Rewrite("""{"query":{"bool":{"should":[{"match":{"title":"tv"}},{"match":{"brand":"tv"}}],"must_not":{"term":{"used":true}}}}}""");
        Assert.Equal(ExpansionMode.AppendedToShould, mode);
        AssertJson(
            Fill("""{"query":{"bool":{"should":[{"match":{"title":"tv"}},{"match":{"brand":"tv"}},@EXP],"must_not":{"term":{"used":true}}}}}"""),
            body);
    }

    [Fact]
    public void Rewrite_BoolWithMustAndFilter_AddsScoringOnlyShould()
    {
        var (body, mode) = Rewrite("""{"query":{"bool":{"must":{"match":{"title":"tv"}},"filter":[{"term":{"brand":"sony"}}]}}}""");
        Assert.Equal(ExpansionMode.AppendedToShould, mode);
        AssertJson(
            Fill("""{"query":{"bool":{"must":{"match":{"title":"tv"}},"filter":[{"term":{"brand":"sony"}}],"should":[@EXP]}}}"""),
            body);
        Assert.DoesNotContain("minimum_should_match", body); // default 0 with must/filter: expansion stays optional
    }

    [Fact]
    public void Rewrite_BoolWithMustFilterAndShould_KeepsShouldsOptional()
    {
        var (body, _) = Rewrite("""{"query":{"bool":{"filter":{"term":{"brand":"sony"}},"should":{"match":{"title":"tv"}}}}}""");
        AssertJson(Fill("""{"query":{"bool":{"filter":{"term":{"brand":"sony"}},"should":[{"match":{"title":"tv"}},@EXP]}}}"""), body);
    }

    [Fact]
    public void Rewrite_BoolWithMinimumShouldMatchOne_AppendsAndKeepsIt()
    {
        var (body, mode) = Rewrite("""{"query":{"bool":{"must":{"term":{"brand":"sony"}},"should":[{"match":{"title":"tv"}}],"minimum_should_match":1}}}""");
        Assert.Equal(ExpansionMode.AppendedToShould, mode);
        AssertJson(
            Fill("""{"query":{"bool":{"must":{"term":{"brand":"sony"}},"should":[{"match":{"title":"tv"}},@EXP],"minimum_should_match":1}}}"""),
            body);
    }

    [Fact]
    public void Rewrite_BoolWithMinimumShouldMatchTwo_GroupsClientShoulds()
    {
        var (body, mode) = Rewrite("""{"query":{"bool":{"should":[{"match":{"title":"tv"}},{"match":{"brand":"sony"}},{"match":{"color":"black"}}],"minimum_should_match":"2"}}}""");
        Assert.Equal(ExpansionMode.GroupedShould, mode);
        AssertJson(
            Fill("""
            {"query":{"bool":{
              "should":[{"bool":{"should":[{"match":{"title":"tv"}},{"match":{"brand":"sony"}},{"match":{"color":"black"}}],"minimum_should_match":"2"}},@EXP],
              "minimum_should_match":1}}}
            """),
            body);
    }

    [Fact]
    public void Rewrite_BoolWithOnlyMustNot_WrapsForScoring()
    {
        var (body, mode) = Rewrite("""{"query":{"bool":{"must_not":{"term":{"used":true}}}}}""");
        Assert.Equal(ExpansionMode.WrappedForScoring, mode);
        AssertJson(Fill("""{"query":{"bool":{"must":[{"bool":{"must_not":{"term":{"used":true}}}}],"should":[@EXP]}}}"""), body);
    }

    [Theory]
    [InlineData("""{"term":{"brand":"sony"}}""")]
    [InlineData("""{"constant_score":{"filter":{"term":{"brand":"sony"}}}}""")]
    [InlineData("""{"function_score":{"query":{"match":{"title":"tv"}},"field_value_factor":{"field":"rating"}}}""")]
    public void Rewrite_NonTextQueries_WrapForScoringOnly(string query)
    {
        var (body, mode) = Rewrite(Fill("""{"query":@QUERY}""", query));
        Assert.Equal(ExpansionMode.WrappedForScoring, mode);
        AssertJson(Fill("""{"query":{"bool":{"must":[@QUERY],"should":[@EXP]}}}""", query), body);
    }

    [Fact]
    public void Rewrite_NoQuery_LeavesBodyAlone()
    {
        var original = Encoding.UTF8.GetBytes("""{"size":5,"aggs":{"b":{"terms":{"field":"brand"}}}}""");
        var result = Rewriter.Rewrite(original, Keywords);
        Assert.False(result.Applied);
        Assert.True(result.Body.Span.SequenceEqual(original));
    }

    [Fact]
    public void Rewrite_NoKeywordsOrInvalidJson_LeavesBodyAlone()
    {
        Assert.Equal(ExpansionMode.None, Rewrite("""{"query":{"match":{"title":"tv"}}}""", []).Mode);
        Assert.Equal(("{not json", ExpansionMode.None), Rewrite("{not json"));
    }

    [Fact]
    public void Rewrite_OtherKeysAndClauses_AreCopiedByteForByte()
    {
        var aggs = """{ "brands" : { "terms" : { "field" : "brand.keyword", "size" : 10 } } }""";
        var sort = """[ { "price" : { "order" : "asc" } }, "_score" ]""";
        var clause = """{ "match" : { "title" : { "query" : "caf\u00e9 \"noir\"", "boost" : 1.50 } } }""";
        var input = """{ "from" : 0, "size":20, "aggs" : @AGGS, "query" : @CLAUSE, "sort": @SORT, "_source": ["title"] }"""
            .Replace("@AGGS", aggs, StringComparison.Ordinal).Replace("@CLAUSE", clause, StringComparison.Ordinal).Replace("@SORT", sort, StringComparison.Ordinal);
        var (body, _) = Rewrite(input);
        Assert.Contains($"\"aggs\":{aggs}", body);
        Assert.Contains($"\"sort\":{sort}", body);
        Assert.Contains($"\"should\":[{clause},", body);
        Assert.StartsWith("""{"from":0,"size":20,"aggs":""", body);
        Assert.EndsWith("""],"_source":["title"]}""", body);
    }

    [Fact]
    public void Rewrite_ChineseKeywords_AreWrittenAsUtf8()
    {
        var (body, _) = Rewrite("""{"query":{"match":{"title":"耳机"}}}""", [new("耳麦", 1, KeywordSource.Synonym)]);
        Assert.Contains("\"query\":\"耳麦\"", body);
    }

    [Fact]
    public void Rewrite_JsonElementOverload_WritesToBufferWriter()
    {
        using var document = JsonDocument.Parse("""{"query":{"multi_match":{"query":"tv","fields":["title"]}}}""");
        var output = new ArrayBufferWriter<byte>();
        var mode = Rewriter.Rewrite(document.RootElement, Keywords, output);
        Assert.Equal(ExpansionMode.WrappedAsAlternative, mode);
        AssertJson(
            Fill("""{"query":{"bool":{"should":[{"multi_match":{"query":"tv","fields":["title"]}},@EXP]}}}"""),
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Constructor_RejectsNoFieldsOrBadBoost()
    {
        Assert.Throws<ArgumentException>(() => new QueryExpansionRewriter([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueryExpansionRewriter(["title"], boost: 0));
    }
}
