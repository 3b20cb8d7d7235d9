namespace Sidecar.Embeddings.Tests;

public sealed class TokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer =
        WordPieceTokenizer.FromBundle(ModelBundle.DefaultPath(ModelBundle.MiniLmFileName));

    [Fact]
    public void Encode_HelloWorld_MatchesHuggingFaceBertBaseUncasedIds() =>
        Assert.Equal([101, 7592, 2088, 102], Tokenizer.Encode("hello world"));

    [Fact]
    public void Encode_MixedCaseSentence_MatchesHuggingFaceIds() =>
        Assert.Equal(
            [101, 19544, 2213, 12997, 17421, 2079, 10626, 4133, 2572, 3388, 1012, 102],
            Tokenizer.Encode("Lorem ipsum dolor sit amet."));

    [Fact]
    public void Encode_Cafe_IsNotUnknownAndStripsAccent()
    {
        var ids = Tokenizer.Encode("café");
        Assert.DoesNotContain(100L, ids); // [UNK]
        Assert.Equal(Tokenizer.Encode("cafe"), ids);
    }

    [Fact]
    public void Encode_LongText_TruncatesAndEndsWithSep()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("hello", 50)), maxTokens: 8);
        Assert.Equal([101, 7592, 7592, 7592, 7592, 7592, 7592, 102], ids);
    }

    [Fact]
    public void Load_BothBundles_ShareTheBertBaseUncasedVocabulary()
    {
        var arctic = WordPieceTokenizer.FromBundle(ModelBundle.DefaultPath(ModelBundle.ArcticXsFileName));
        Assert.Equal(30522, Tokenizer.VocabularySize);
        Assert.Equal(0, Tokenizer.PadId);
        Assert.Equal(Tokenizer.Encode("Noise-cancelling headphones"), arctic.Encode("Noise-cancelling headphones"));
    }

    [Fact]
    public void Encode_ConcurrentThreads_GiveSameIds()
    {
        var texts = Enumerable.Range(0, 200).Select(i => $"Produkt {i}: Kopfhörer café naïve résumé {i * 7}").ToArray();
        var expected = texts.Select(t => Tokenizer.Encode(t)).ToArray();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(expected[i], Tokenizer.Encode(texts[i]));
            }
        });
    }
}
