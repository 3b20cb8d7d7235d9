
namespace Sidecar.Text.Tests;

public class QueryAnalyzerTests
{
    private static readonly QueryAnalyzer Analyzer = new(new QuerySegmenter(ChineseSegmenter.Shared));

    [Fact]
    public void Analyze_EnglishQuery_NormalisesAndDropsStopWords()
    {
        var result = Analyzer.Analyze("The Wireless Headphones for Kids");
        Assert.Equal("The Wireless Headphones for Kids", result.Original);
        Assert.Equal("the wireless headphones for kids", result.Normalized);
        Assert.Equal(["wireless", "headphones", "kids"], result.Terms);
        Assert.Empty(result.SubWords);
        Assert.False(result.HasCjk);
        Assert.False(result.AllStopWords);
    }

    [Fact]
    public void Analyze_ChineseQuery_SegmentsAndFlagsCjk()
    {
        var result = Analyzer.Analyze("华为的智能手机 5G");
        Assert.Equal(["华为", "智能手机", "5g"], result.Terms);
        Assert.Equal(["智能", "手机"], result.SubWords);
        Assert.True(result.HasCjk);
    }

    [Fact]
    public void Analyze_FullWidthQuery_IsNormalised()
    {
        var result = Analyzer.Analyze("ＵＳＢ　ｃａｂｌｅ");
        Assert.Equal("usb cable", result.Normalized);
        Assert.Equal(["usb", "cable"], result.Terms);
    }

    [Theory]
    [InlineData("The Who", new[] { "the", "who" })]
    [InlineData("的", new[] { "的" })]
    public void Analyze_OnlyStopWords_KeepsThem(string query, string[] expected)
    {
        var result = Analyzer.Analyze(query);
        Assert.Equal(expected, result.Terms);
        Assert.True(result.AllStopWords);
    }

    [Fact]
    public void Analyze_RepeatedTerms_AreKeptOnce()
    {
        Assert.Equal(["red", "shoes"], Analyzer.Analyze("red red shoes red").Terms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    public void Analyze_EmptyOrPunctuation_HasNoTerms(string? query)
    {
        var result = Analyzer.Analyze(query);
        Assert.True(result.IsEmpty);
        Assert.False(result.AllStopWords);
    }
}
