namespace Sidecar.Text.Tests;

public class KeywordPredictorTests
{
    private static readonly QueryAnalyzer Analyzer = new(new QuerySegmenter(ChineseSegmenter.Shared));

    private static readonly Dictionary<string, IReadOnlyList<string>> Map = new()
    {
        ["tv"] = ["television", "smart tv"],
        ["laptop"] = ["notebook", "ultrabook"],
        ["gaming laptop"] = ["gaming notebook"],
        ["耳机"] = ["耳麦"],
        ["手机"] = ["移动电话"],
        ["Headphones"] = ["ＥＡＲＰＨＯＮＥＳ", "headset", "Earphones"],
    };

    private static readonly KeywordPredictor Predictor = new(Map, Analyzer);

    [Fact]
    public void Predict_SingleTermKey_ReturnsRelatedTermsWithDecreasingWeights()
    {
        var result = Predictor.Predict("Laptop");
        Assert.Equal(["notebook", "ultrabook"], result.Select(k => k.Term));
        Assert.Equal(1.0, result[0].Weight, 6);
        Assert.Equal(0.85, result[1].Weight, 6);
        Assert.All(result, k => Assert.Equal(KeywordSource.Synonym, k.Source));
    }

    [Fact]
    public void Predict_PhraseKey_MatchesConsecutiveTerms()
    {
        var result = Predictor.Predict("cheap gaming laptop");
        Assert.Contains(result, k => k.Term == "gaming notebook");
        Assert.Contains(result, k => k.Term == "notebook");
        Assert.DoesNotContain(Predictor.Predict("gaming chair laptop"), k => k.Term == "gaming notebook");
    }

    [Fact]
    public void Predict_TermAlreadyInQuery_IsExcluded()
    {
        var result = Predictor.Predict("smart tv television");
        Assert.Empty(result); // both "television" and "smart tv" are already there
    }

    [Fact]
    public void Predict_NormalisedValues_AreMergedOnce()
    {
        var result = Predictor.Predict("headphones");
        Assert.Equal(["earphones", "headset"], result.Select(k => k.Term));
    }

    [Fact]
    public void Predict_ChineseKey_MatchesSegmentedQuery()
    {
        var result = Predictor.Predict("蓝牙降噪耳机");
        Assert.Equal([new PredictedKeyword("耳麦", 1.0, KeywordSource.Synonym)], result);
    }

    [Fact]
    public void Predict_ChineseSubWord_MatchesWithLowerWeight()
    {
        var result = Predictor.Predict("华为智能手机");
        var keyword = Assert.Single(result);
        Assert.Equal("移动电话", keyword.Term);
        Assert.Equal(KeywordSource.SubWordSynonym, keyword.Source);
        Assert.Equal(0.5, keyword.Weight, 6);
    }

    [Fact]
    public void Predict_CallerKeywords_AreAddedNormalisedAndRanked()
    {
        var result = Predictor.Predict("tv", [new("Samsung", 0.9), new("TV", 2.0), new("ｓｏｎｙ", 1.2), new("junk", 0)]);
        Assert.Equal(["sony", "television", "samsung", "smart tv"], result.Select(k => k.Term));
        Assert.Equal(KeywordSource.Caller, result[0].Source);
    }

    [Fact]
    public void Predict_ManyCandidates_AreBounded()
    {
        var predictor = new KeywordPredictor(Map, Analyzer, new KeywordPredictorOptions { MaxKeywords = 2 });
        var extra = Enumerable.Range(0, 20).Select(i => new WeightedKeyword($"brand{i}", 0.5));
        Assert.Equal(2, predictor.Predict("laptop", extra).Count);
    }

    [Fact]
    public void Predict_NoMatch_ReturnsEmpty()
    {
        Assert.Empty(Predictor.Predict("garden hose"));
        Assert.Equal(6, Predictor.EntryCount);
    }
}
