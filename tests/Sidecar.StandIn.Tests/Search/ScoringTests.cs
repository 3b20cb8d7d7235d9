using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class ScoringTests : IClassFixture<StandInFixture>
{
    private const string StandardBody = """{"mappings":{"properties":{"body":{"type":"text","analyzer":"standard"}}}}""";
    private readonly EsHttp _es;

    public ScoringTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task Search_DocWithMoreQueryTermOccurrences_RanksHigher()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody,
            ("once", """{"body":"apple banana cherry date"}"""),
            ("twice", """{"body":"apple apple banana cherry"}"""));

        var reply = await _es.SearchAsync(index, """{"query":{"match":{"body":"apple"}}}""");

        Assert.Equal(["twice", "once"], reply.Ids);
        Assert.True(reply.Score("twice") > reply.Score("once"));
    }

    [Fact]
    public async Task Search_ShorterFieldWithSameMatches_RanksHigher()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody,
            ("long", """{"body":"apple banana cherry date elder fig grape"}"""),
            ("short", """{"body":"apple banana"}"""));

        var reply = await _es.SearchAsync(index, """{"query":{"match":{"body":"apple"}}}""");

        Assert.Equal(["short", "long"], reply.Ids);
    }

    [Fact]
    public async Task Search_RareTermOutweighsCommonTerm()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody,
            ("common", """{"body":"apple pie"}"""),
            ("rare", """{"body":"apple zucchini"}"""),
            ("x", """{"body":"apple tart"}"""),
            ("y", """{"body":"apple crumble"}"""));

        var reply = await _es.SearchAsync(index, """{"query":{"match":{"body":"apple zucchini"}}}""");

        Assert.Equal("rare", reply.Ids[0]);
    }

    [Fact]
    public async Task Search_Score_MatchesElasticsearchBm25Formula()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody,
            ("a", """{"body":"apple banana"}"""),
            ("b", """{"body":"cherry date elder fig"}"""),
            ("c", """{"body":"grape"}"""));

        var reply = await _es.SearchAsync(index, """{"query":{"match":{"body":"apple"}}}""");

        // Lucene 9 / Elasticsearch BM25: idf * tf / (tf + k1 * (1 - b + b * dl / avgdl)), k1 = 1.2, b = 0.75
        const double n = 3, df = 1, tf = 1, dl = 2, avgdl = 7.0 / 3;
        var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
        var expected = idf * tf / (tf + (1.2 * (1 - 0.75 + (0.75 * dl / avgdl))));
        Assert.Equal(expected, reply.Score("a"), 4);
        Assert.Equal(expected, reply.Json.GetProperty("hits").GetProperty("max_score").GetDouble(), 4);
    }

    [Fact]
    public async Task MultiMatch_FieldBoost_DecidesBetweenSymmetricDocs()
    {
        var index = await _es.CreateIndexWithDocsAsync(null,
            ("in-title", """{"title":"laptop stand","description":"desk organizer"}"""),
            ("in-description", """{"title":"desk organizer","description":"laptop stand"}"""));

        var titleBoost = await _es.SearchAsync(index, """{"query":{"multi_match":{"query":"laptop","fields":["title^2","description"]}}}""");
        var descriptionBoost = await _es.SearchAsync(index, """{"query":{"multi_match":{"query":"laptop","fields":["title","description^2"]}}}""");

        Assert.Equal(["in-title", "in-description"], titleBoost.Ids);
        Assert.Equal(["in-description", "in-title"], descriptionBoost.Ids);
        Assert.Equal(2 * titleBoost.Score("in-description"), titleBoost.Score("in-title"), 4);
    }

    [Fact]
    public async Task Search_EqualScores_AreOrderedByIndexOrder()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody,
            ("z", """{"body":"same words"}"""),
            ("a", """{"body":"same words"}"""),
            ("m", """{"body":"same words"}"""));

        var reply = await _es.SearchAsync(index, """{"query":{"match":{"body":"same"}}}""");

        Assert.Equal(["z", "a", "m"], reply.Ids);
    }

    [Fact]
    public async Task Search_DefaultEnglishAnalyzer_StemsAndDropsStopWords()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"title":"Running shoes for the marathon"}"""));

        var stemmed = await _es.SearchAsync(index, """{"query":{"match":{"title":"runs"}}}""");
        var stopWordsOnly = await _es.SearchAsync(index, """{"query":{"match":{"title":"the for"}}}""");

        Assert.Equal(["1"], stemmed.Ids);
        Assert.Empty(stopWordsOnly.Ids);
    }

    [Fact]
    public async Task Search_StandardAnalyzerMapping_DoesNotStem()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody, ("1", """{"body":"Running shoes for the marathon"}"""));

        var stem = await _es.SearchAsync(index, """{"query":{"match":{"body":"runs"}}}""");
        var stopWord = await _es.SearchAsync(index, """{"query":{"match":{"body":"the"}}}""");

        Assert.Empty(stem.Ids);
        Assert.Equal(["1"], stopWord.Ids);
    }

    [Fact]
    public async Task Search_PhraseDoesNotMatchAcrossArrayValues()
    {
        var index = await _es.CreateIndexWithDocsAsync(StandardBody, ("1", """{"body":["red apple","green pear"]}"""));

        var across = await _es.SearchAsync(index, """{"query":{"match_phrase":{"body":"apple green"}}}""");
        var within = await _es.SearchAsync(index, """{"query":{"match_phrase":{"body":"green pear"}}}""");

        Assert.Empty(across.Ids);
        Assert.Equal(["1"], within.Ids);
    }
}
