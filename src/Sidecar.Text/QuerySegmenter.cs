namespace Sidecar.Text;

/// <summary>
/// Splits a normalised query into terms. Tokens are found with a standard-analyzer-like rule
/// (<see cref="WordTokenizer"/>: letter/digit runs, "5g" and "2.5" kept, "usb-c" split into "usb" and "c"
/// as Elasticsearch's standard analyzer indexes it); tokens that contain Han characters go to the
/// <see cref="ChineseSegmenter"/> (华为智能手机 -> 华为 / 智能手机), which also keeps dictionary words
/// mixing Latin and Han whole ("t恤"). Whitespace and punctuation never become terms. Thread-safe.
/// </summary>
public sealed class QuerySegmenter
{
    private readonly Func<ChineseSegmenter?> chinese;

    /// <param name="chinese">The Chinese segmenter; null uses <see cref="ChineseSegmenter.Shared"/>, loaded on
    /// first Chinese input (call <see cref="ChineseSegmenter.Warm"/> at start-up to avoid that cost on a
    /// request). If its data cannot be loaded, Han characters become one-character terms (what
    /// Elasticsearch's standard analyzer does) instead of failing.</param>
    /// <param name="includeSubWords">Also emit the finer words inside long Chinese words (智能 and 手机 after
    /// 智能手机), flagged <see cref="TermKind.CjkSubWord"/>.</param>
    public QuerySegmenter(ChineseSegmenter? chinese = null, bool includeSubWords = true)
        : this(chinese is null ? SharedOrNull : () => chinese, includeSubWords)
    {
    }

    /// <param name="chinese">Gives the Chinese segmenter on demand, or null when none is available.</param>
    /// <param name="includeSubWords">See the public constructor.</param>
    internal QuerySegmenter(Func<ChineseSegmenter?> chinese, bool includeSubWords)
    {
        this.chinese = chinese;
        IncludeSubWords = includeSubWords;
    }

    /// <summary>Whether sub-words of long Chinese words are emitted.</summary>
    public bool IncludeSubWords { get; }

    /// <summary>Segments <paramref name="normalizedText"/> (output of <see cref="TextNormalizer.Normalize"/>).</summary>
    public IReadOnlyList<QueryTerm> Segment(string normalizedText)
    {
        var terms = new List<QueryTerm>();
        Segment(normalizedText, terms);
        return terms;
    }

    /// <summary>Appends the terms of <paramref name="normalizedText"/>; returns whether it holds CJK characters.</summary>
    internal bool Segment(string normalizedText, List<QueryTerm> terms)
    {
        var hasCjk = false;
        var text = normalizedText.AsSpan();
        foreach (var (start, length) in new WordTokenizer(text))
        {
            var token = text.Slice(start, length);
            var han = false;
            foreach (var c in token)
            {
                if (CharClass.IsCjk(c))
                {
                    hasCjk = true;
                    han |= CharClass.IsHan(c);
                }
            }

            if (!han)
            {
                terms.Add(new QueryTerm(token.Length == normalizedText.Length ? normalizedText : token.ToString(), TermKind.Word));
            }
            else if (chinese() is { } segmenter)
            {
                segmenter.CutToken(token, terms, IncludeSubWords);
            }
            else
            {
                AddUnigrams(token, terms);
            }
        }

        return hasCjk;
    }

    private static ChineseSegmenter? SharedOrNull() => ChineseSegmenter.TryGetShared(out var shared) ? shared : null;

    /// <summary>Fallback without a dictionary: each Han character a term, other runs whole.</summary>
    private static void AddUnigrams(ReadOnlySpan<char> token, List<QueryTerm> terms)
    {
        var start = 0;
        while (start < token.Length)
        {
            if (CharClass.IsHan(token[start]))
            {
                terms.Add(new QueryTerm(token.Slice(start, 1).ToString(), TermKind.Cjk));
                start++;
                continue;
            }

            var end = start + 1;
            while (end < token.Length && !CharClass.IsHan(token[end]))
            {
                end++;
            }

            terms.Add(new QueryTerm(token[start..end].ToString(), TermKind.Word));
            start = end;
        }
    }
}
