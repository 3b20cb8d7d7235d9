using Sidecar.Text;

namespace Sidecar.Ranking;

/// <summary>Everything one search's reranking may need, passed from stage to stage.</summary>
public sealed class RerankContext
{
    public RerankContext(RerankProfile profile, string? queryText, bool explain)
    {
        Profile = profile;
        QueryText = queryText;
        Explain = explain;
    }

    public RerankProfile Profile { get; }

    /// <summary>The user's free-text query extracted from the search body; null when there is none.</summary>
    public string? QueryText { get; }

    /// <summary>The query after normalisation, segmentation and stop words; empty when there is no text.</summary>
    public AnalyzedQuery Query { get; init; } = AnalyzedQuery.Empty;

    /// <summary>Whether per-hit explanations were asked for.</summary>
    public bool Explain { get; }

    /// <summary>Cancelled when the profile's time budget is spent.</summary>
    public CancellationToken Budget { get; init; }
}
