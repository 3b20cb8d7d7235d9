namespace Sidecar.Text;

/// <summary>Where a predicted keyword came from.</summary>
public enum KeywordSource
{
    /// <summary>The synonym / related-terms map, triggered by a query term or phrase.</summary>
    Synonym = 0,

    /// <summary>The synonym map, triggered by a sub-word of a long Chinese term (weaker evidence).</summary>
    SubWordSynonym = 1,

    /// <summary>Passed by the caller, e.g. the user's interests from personalization.</summary>
    Caller = 2,
}
