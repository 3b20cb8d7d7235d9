namespace Sidecar.Text.Tests;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("iPhone　15　Pro", "iphone 15 pro")] // ideographic spaces
    [InlineData("  Wireless\t\tHeadphones \n", "wireless headphones")]
    [InlineData("ca\u200Bble\u0000", "cable")] // zero-width space and NUL removed
    [InlineData("Ⅻ ﬁle", "xii file")] // compatibility characters
    [InlineData("华为 智能手机", "华为 智能手机")]
    [InlineData("ＵＳＢ－Ｃ 充电线", "usb-c 充电线")]
    [InlineData("Café", "café")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void Normalize_VariousInputs_GivesNormalForm(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_Null_GivesEmpty()
    {
        Assert.Equal(string.Empty, TextNormalizer.Normalize(null));
    }

    [Fact]
    public void Normalize_AlreadyNormalAscii_ReturnsSameInstance()
    {
        var text = "wireless headphones for kids";
        Assert.Same(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_AlreadyNormalNonAscii_ReturnsSameInstance()
    {
        var text = "蓝牙降噪耳机 5g";
        Assert.Same(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_AlreadyNormalAscii_DoesNotAllocate()
    {
        var text = "usb c charger 65w";
        TextNormalizer.Normalize(text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            TextNormalizer.Normalize(text);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Normalize_LoneSurrogate_IsDropped()
    {
        Assert.Equal("ab", TextNormalizer.Normalize("a\uD800b"));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("Abc", false)]
    [InlineData(" abc", false)]
    [InlineData("a  b", false)]
    [InlineData("a\tb", false)]
    [InlineData("é", false)]
    public void IsNormalAscii_DetectsTextThatNeedsWork(string text, bool expected)
    {
        Assert.Equal(expected, TextNormalizer.IsNormalAscii(text));
    }
}
