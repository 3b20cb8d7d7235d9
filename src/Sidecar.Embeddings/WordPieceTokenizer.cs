using System.Buffers;
using System.Text;
using FastBertTokenizer;

namespace Sidecar.Embeddings;

/// <summary>
/// BERT WordPiece tokenizer (FastBertTokenizer, whose ids match HuggingFace's BertTokenizer,
/// including accent stripping: "café" -> "cafe"). Thread-safe: only FastBertTokenizer's span-based
/// <c>Encode(string, Span, Span, int?)</c> is used, which reads nothing but the frozen vocabulary
/// (its Memory-returning and batch overloads reuse internal buffers and are NOT thread-safe).
/// Lower-casing and accent stripping need ICU: keep InvariantGlobalization=false.
/// </summary>
public sealed class WordPieceTokenizer
{
    private readonly BertTokenizer _inner;

    private WordPieceTokenizer(BertTokenizer inner, int vocabularySize, int padId)
    {
        _inner = inner;
        VocabularySize = vocabularySize;
        PadId = padId;
    }

    /// <summary>Number of tokens in the vocabulary (30522 for bert-base-uncased).</summary>
    public int VocabularySize { get; }

    /// <summary>Id of [PAD] (0 for bert-base-uncased).</summary>
    public int PadId { get; }

    /// <summary>Loads a vocab.txt file (one token per line; the line number is the id).</summary>
    /// <exception cref="EmbeddingModelException">The file is missing, empty or lacks a special token.</exception>
    public static WordPieceTokenizer FromVocabFile(string vocabPath, bool lowercaseInput = true)
    {
        const string fix = "Set VocabPath to the model's vocab.txt (ModelBundle.Extract writes one)";
        ModelBundleReader.RequireNonEmptyFile(vocabPath, "Vocabulary file", fix);
        return Load(File.ReadAllBytes(vocabPath), Path.GetFullPath(vocabPath), lowercaseInput);
    }

    /// <summary>Loads the vocab.txt embedded in a model bundle.</summary>
    public static WordPieceTokenizer FromBundle(string bundlePath, bool lowercaseInput = true)
    {
        var resources = ModelBundleReader.ListResources(bundlePath);
        var vocab = ModelBundleReader.Find(bundlePath, resources, ModelBundle.VocabResourceSuffix);
        return Load(ModelBundleReader.ReadAll(bundlePath, vocab), Path.GetFullPath(bundlePath), lowercaseInput);
    }

    internal static WordPieceTokenizer Load(byte[] vocabUtf8, string source, bool lowercaseInput)
    {
        const string fix = "The vocabulary must be a BERT vocab.txt with [PAD], [UNK], [CLS] and [SEP] lines";
        var text = Encoding.UTF8.GetString(vocabUtf8);
        var lines = text.Split('\n');
        var size = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var padId = -1;
        var missing = new HashSet<string>(StringComparer.Ordinal) { "[PAD]", "[UNK]", "[CLS]", "[SEP]" };
        for (var i = 0; i < size; i++)
        {
            var token = lines[i].TrimEnd('\r');
            if (missing.Remove(token) && token == "[PAD]")
            {
                padId = i;
            }
        }

        if (missing.Count > 0)
        {
            throw EmbeddingModelException.ForFile(
                source, $"Vocabulary is corrupt: {size} lines, missing {string.Join(", ", missing)}", fix);
        }

        var inner = new BertTokenizer();
        try
        {
            using var reader = new StringReader(text);
            inner.LoadVocabulary(reader, lowercaseInput);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw EmbeddingModelException.ForFile(source, "Vocabulary could not be loaded", fix, e);
        }

        return new WordPieceTokenizer(inner, size, padId);
    }

    /// <summary>Token ids: [CLS] ... [SEP], truncated to <paramref name="maxTokens"/> (HuggingFace semantics).</summary>
    public long[] Encode(string text, int maxTokens = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = ArrayPool<long>.Shared.Rent(maxTokens);
        var mask = ArrayPool<long>.Shared.Rent(maxTokens);
        try
        {
            var count = Encode(text, ids.AsSpan(0, maxTokens), mask.AsSpan(0, maxTokens));
            return ids.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
        }
    }

    /// <summary>
    /// Writes ids and attention mask (all 1) for <paramref name="text"/>, truncated to the span length
    /// (at least 2), and returns the number of tokens. No padding is written.
    /// </summary>
    public int Encode(string text, Span<long> inputIds, Span<long> attentionMask)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (inputIds.Length < 2 || attentionMask.Length < inputIds.Length)
        {
            throw new ArgumentException("inputIds needs room for [CLS] and [SEP]; attentionMask at least as long.");
        }

        return _inner.Encode(text, inputIds, attentionMask[..inputIds.Length], padTo: null);
    }
}
