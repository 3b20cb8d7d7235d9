namespace Sidecar.Text;

/// <summary>A query after normalisation, segmentation and stop-word removal.</summary>
/// <param name="Original">The raw query text as received.</param>
/// <param name="Normalized">NFKC, lower case, whitespace collapsed (<see cref="TextNormalizer"/>).</param>
/// <param name="Terms">The query's terms in order, without stop words (unless all were) and without repeats.</param>
/// <param name="SubWords">Finer words inside long Chinese terms (智能, 手机 for 智能手机) that are not already
/// terms; extra recall material, not part of the term sequence.</param>
/// <param name="HasCjk">The query contains Chinese, Japanese or Korean characters.</param>
/// <param name="AllStopWords">Every term was a stop word, so <paramref name="Terms"/> kept them.</param>
public sealed record AnalyzedQuery(
    string Original,
    string Normalized,
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> SubWords,
    bool HasCjk,
    bool AllStopWords)
{
    /// <summary>The analysis of an empty or whitespace-only query.</summary>
    public static AnalyzedQuery Empty { get; } = new(string.Empty, string.Empty, [], [], false, false);

    /// <summary>True when the query has no terms.</summary>
    public bool IsEmpty => Terms.Count == 0;

    /// <summary>True when <paramref name="term"/> is one of <see cref="Terms"/> or <see cref="SubWords"/>.</summary>
    public bool ContainsTerm(string term)
    {
        foreach (var t in Terms)
        {
            if (string.Equals(t, term, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var t in SubWords)
        {
            if (string.Equals(t, term, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
