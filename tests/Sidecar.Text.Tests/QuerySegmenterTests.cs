namespace Sidecar.Text.Tests;

public class QuerySegmenterTests
{
    private static readonly QuerySegmenter Segmenter = new(ChineseSegmenter.Shared);
    private static readonly QuerySegmenter WithoutSubWords = new(ChineseSegmenter.Shared, includeSubWords: false);

    private static string[] MainTerms(string raw) =>
        Segmenter.Segment(TextNormalizer.Normalize(raw)).Where(t => !t.IsSubWord).Select(t => t.Text).ToArray();

    private static string[] Sub(string raw) =>
        Segmenter.Segment(TextNormalizer.Normalize(raw)).Where(t => t.IsSubWord).Select(t => t.Text).ToArray();

    [Fact]
    public void Segment_HuaweiSmartphone5G_SplitsBrandProductAndModel()
    {
        Assert.Equal(["华为", "智能手机", "5g"], MainTerms("华为智能手机 5G"));
    }

    [Fact]
    public void Segment_HuaweiSmartphone5G_AddsFlaggedSubWords()
    {
        var terms = Segmenter.Segment("华为智能手机 5g");
        Assert.Equal(
            [new("华为", TermKind.Cjk), new("智能手机", TermKind.Cjk), new("智能", TermKind.CjkSubWord), new("手机", TermKind.CjkSubWord), new("5g", TermKind.Word)],
            terms);
    }

    [Fact]
    public void Segment_SubWordsDisabled_EmitsMainTermsOnly()
    {
        Assert.All(WithoutSubWords.Segment("华为智能手机 5g"), t => Assert.False(t.IsSubWord));
    }

    [Fact]
    public void Segment_BluetoothNoiseCancellingEarphones_SplitsThreeWords()
    {
        Assert.Equal(["蓝牙", "降噪", "耳机"], MainTerms("蓝牙降噪耳机"));
        Assert.Empty(Sub("蓝牙降噪耳机"));
    }

    [Fact]
    public void Segment_MixedAppleIphonePhoneCase_KeepsLatinAndNumbersWhole()
    {
        Assert.Equal(["苹果", "iphone", "15", "手机", "壳"], MainTerms("苹果 iPhone 15 手机壳"));
    }

    [Fact]
    public void Segment_MixedWithoutSpaces_SeparatesLatinRunsFromHan()
    {
        Assert.Equal(["华为", "5g", "手机"], MainTerms("华为5G手机"));
    }

    [Fact]
    public void Segment_DictionaryWordMixingLatinAndHan_StaysWhole()
    {
        Assert.Equal(["纯棉", "t恤"], MainTerms("纯棉T恤"));
    }

    [Fact]
    public void Segment_EnglishQuery_SplitsOnWhitespaceAndPunctuation()
    {
        Assert.Equal(["the", "wireless", "headphones", "for", "kids"], MainTerms("The Wireless Headphones, for Kids!"));
    }

    [Theory]
    [InlineData("usb-c cable", new[] { "usb", "c", "cable" })]
    [InlineData("2.5 inch ssd", new[] { "2.5", "inch", "ssd" })]
    [InlineData("men's shoes", new[] { "men's", "shoes" })]
    [InlineData("5g phone 1,000mah", new[] { "5g", "phone", "1,000mah" })]
    [InlineData("  ...  ", new string[0])]
    [InlineData("café crème", new[] { "café", "crème" })]
    [InlineData("😀 smile", new[] { "smile" })]
    public void Segment_StandardRule_MatchesStandardAnalyzerStyle(string raw, string[] expected)
    {
        Assert.Equal(expected, MainTerms(raw));
    }

    [Fact]
    public void Segment_NoWhitespaceTokens()
    {
        Assert.DoesNotContain(Segmenter.Segment("华为 智能手机  5g  蓝牙"), t => string.IsNullOrWhiteSpace(t.Text));
    }

    [Fact]
    public void Segment_EnglishTermsAreWordKind()
    {
        Assert.All(Segmenter.Segment("wireless headphones"), t => Assert.Equal(TermKind.Word, t.Kind));
    }

    [Fact]
    public void Segment_ChineseDataUnavailable_FallsBackToSingleCharacters()
    {
        var degraded = new QuerySegmenter(() => null, includeSubWords: true);
        Assert.Equal(
            [new("华", TermKind.Cjk), new("为", TermKind.Cjk), new("5g", TermKind.Word), new("手", TermKind.Cjk), new("机", TermKind.Cjk)],
            degraded.Segment("华为5g手机"));
    }
}
