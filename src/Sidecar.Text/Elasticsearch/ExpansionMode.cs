namespace Sidecar.Text;

/// <summary>How <see cref="QueryExpansionRewriter"/> added the expansion to a query.</summary>
public enum ExpansionMode
{
    /// <summary>Nothing written: no query, no keywords, or a body that is not a JSON object.</summary>
    None = 0,

    /// <summary>
    /// Appended to the top-level bool's <c>should</c>. With must/filter present (default
    /// minimum_should_match 0) it only adds score; in a should-only bool (default 1) it is one more way to match.
    /// </summary>
    AppendedToShould = 1,

    /// <summary>
    /// The bool had an explicit minimum_should_match other than 0 or 1: its should clauses were moved into an
    /// inner bool that keeps that minimum, and the outer should is [that group, expansion] with minimum 1,
    /// so a document matches through the client's group or the expansion, must/filter still applying.
    /// </summary>
    GroupedShould = 2,

    /// <summary>A full-text leaf (match, multi_match, query_string...) became <c>bool.should [original, expansion]</c>: recall grows.</summary>
    WrappedAsAlternative = 3,

    /// <summary>
    /// Any other query (term, range, constant_score, function_score, a bool with only must_not...) became
    /// <c>bool { must: [original], should: [expansion] }</c>: same matches, expansion only adds score.
    /// </summary>
    WrappedForScoring = 4,
}
