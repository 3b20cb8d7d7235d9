namespace Sidecar.Text.Tests;

public class StopWordsTests
{
    [Fact]
    public void Remove_EnglishFunctionWords_AreDropped()
    {
        Assert.Equal(["wireless", "headphones", "kids"], StopWords.Default.Remove(["the", "wireless", "headphones", "for", "kids"]));
    }

    [Fact]
    public void Remove_ChineseParticles_AreDropped()
    {
        Assert.Equal(["红色", "连衣裙"], StopWords.Default.Remove(["红色", "的", "连衣裙"]));
    }

    [Fact]
    public void Remove_AllStopWords_KeepsOriginals()
    {
        IReadOnlyList<string> terms = ["the", "who"];
        Assert.Same(terms, StopWords.Default.Remove(terms));
    }

    [Fact]
    public void Remove_NoStopWords_ReturnsSameList()
    {
        IReadOnlyList<string> terms = ["usb", "c", "cable"];
        Assert.Same(terms, StopWords.Default.Remove(terms));
    }

    [Theory]
    [InlineData("not")]
    [InlineData("no")]
    [InlineData("over")]
    [InlineData("us")]
    [InlineData("without")]
    public void Default_KeepsWordsThatMatterForProducts(string word)
    {
        Assert.False(StopWords.Default.Contains(word));
    }

    [Fact]
    public void Create_FromConfig_AddsAndRemovesNormalisedWords()
    {
        var custom = StopWords.Create(add: ["Cheap", "ＢＥＳＴ"], remove: ["for"]);
        Assert.True(custom.Contains("cheap"));
        Assert.True(custom.Contains("best"));
        Assert.False(custom.Contains("for"));
        Assert.True(custom.Contains("the"));
    }

    [Fact]
    public void Create_WithoutBuiltIn_HasOnlyGivenWords()
    {
        var custom = StopWords.Create(add: ["foo"], includeBuiltIn: false);
        Assert.Equal(1, custom.Count);
        Assert.Equal(["the", "bar"], custom.Remove(["the", "foo", "bar"]));
    }
}
