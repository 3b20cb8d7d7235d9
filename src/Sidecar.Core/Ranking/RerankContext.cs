using Sidecar.Embeddings;
using Sidecar.Text;

namespace Sidecar.Ranking;

/// <summary>Everything one search's reranking may need, passed from stage to stage.</summary>
public sealed class RerankContext
{
    private ITextEmbedder? _queryEmbedder;
    private float[]? _queryEmbedding;

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

    /// <summary>The query's embedding by <paramref name="embedder"/>, computed once per request (and LRU-cached across requests).</summary>
    public float[] GetQueryEmbedding(ITextEmbedder embedder, string text)
    {
        if (_queryEmbedding is { } cached && ReferenceEquals(_queryEmbedder, embedder))
        {
            return cached;
        }

        var vector = embedder.EmbedQuery(text);
        _queryEmbedder = embedder;
        _queryEmbedding = vector;
        return vector;
    }

    /// <summary>Cancelled when the profile's time budget is spent.</summary>
    public CancellationToken Budget { get; init; }
}
