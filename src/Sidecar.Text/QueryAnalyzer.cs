namespace Sidecar.Text;

/// <summary>
/// Query understanding front end: normalise (<see cref="TextNormalizer"/>), segment
/// (<see cref="QuerySegmenter"/>, jieba-style for Chinese), drop stop words (<see cref="StopWords"/>).
/// Stateless apart from its immutable parts: one instance serves all requests concurrently.
/// </summary>
public sealed class QueryAnalyzer
{
    private readonly QuerySegmenter segmenter;
    private readonly StopWords stopWords;

    /// <param name="segmenter">Defaults to a <see cref="QuerySegmenter"/> over the shared Chinese segmenter, with sub-words.</param>
    /// <param name="stopWords">Defaults to <see cref="StopWords.Default"/>.</param>
    public QueryAnalyzer(QuerySegmenter? segmenter = null, StopWords? stopWords = null)
    {
        this.segmenter = segmenter ?? new QuerySegmenter();
        this.stopWords = stopWords ?? StopWords.Default;
    }

    /// <summary>An analyzer with the default parts.</summary>
    public static QueryAnalyzer Default { get; } = new();

    /// <summary>Analyzes one raw query string (null or blank gives <see cref="AnalyzedQuery.Empty"/>).</summary>
    public AnalyzedQuery Analyze(string? rawQuery)
    {
        var normalized = TextNormalizer.Normalize(rawQuery);
        if (normalized.Length == 0)
        {
            return string.IsNullOrEmpty(rawQuery) ? AnalyzedQuery.Empty : AnalyzedQuery.Empty with { Original = rawQuery };
        }

        var segments = new List<QueryTerm>(8);
        var hasCjk = segmenter.Segment(normalized, segments);

        var main = new List<string>(segments.Count);
        foreach (var segment in segments)
        {
            if (!segment.IsSubWord && !Contains(main, segment.Text))
            {
                main.Add(segment.Text);
            }
        }

        var terms = stopWords.Remove(main);
        var allStopWords = main.Count > 0 && ReferenceEquals(terms, main) && AllStop(main);

        List<string>? subWords = null;
        foreach (var segment in segments)
        {
            if (segment.IsSubWord && !stopWords.Contains(segment.Text) && !Contains(terms, segment.Text)
                && (subWords is null || !Contains(subWords, segment.Text)))
            {
                (subWords ??= []).Add(segment.Text);
            }
        }

        return new AnalyzedQuery(rawQuery!, normalized, terms, subWords ?? (IReadOnlyList<string>)[], hasCjk, allStopWords);
    }

    private bool AllStop(List<string> terms)
    {
        foreach (var term in terms)
        {
            if (!stopWords.Contains(term))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
