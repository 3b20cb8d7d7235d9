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

    /// <summary>The searching user's profile; null when anonymous (no, or an invalid, user id) or when the lookup failed.</summary>
    public Personalization.UserProfile? User { get; init; }

    /// <summary>Provides a query embedding computed ahead (the search path does it while the first stage runs).</summary>
    public void SetQueryEmbedding(ITextEmbedder embedder, float[] vector)
    {
        _queryEmbedder = embedder;
        _queryEmbedding = vector;
    }

    /// <summary>A copy of this context (query, embeddings, explain) with <paramref name="budget"/>.</summary>
    public RerankContext WithBudget(CancellationToken budget) => new(Profile, QueryText, Explain)
    {
        Query = Query,
        User = User,
        ItemVectors = ItemVectors,
        Budget = budget,
        _queryEmbedder = _queryEmbedder,
        _queryEmbedding = _queryEmbedding,
    };

    /// <summary>
    /// The window's item vectors, indexed by <see cref="Search.SearchHit.Rank"/> (empty: the hit has none), resolved
    /// once per search by the search path; null when they were not resolved (see <see cref="ItemVectorsFor"/>).
    /// </summary>
    public Enrichment.ItemVectorSet? ItemVectors { get; init; }

    /// <summary>
    /// The window's item vectors for a feature: <see cref="ItemVectors"/> when the search path resolved them, else the
    /// ones the hits' <c>_source</c> or the item cache hold, looked up once per context (no fetch).
    /// </summary>
    public Enrichment.ItemVectorSet ItemVectorsFor(ReadOnlySpan<Search.SearchHit> hits, Enrichment.ItemEmbeddingOptions options,
        Enrichment.ItemEmbeddingCache? cache) =>
        ItemVectors ?? (_localItemVectors ??= Enrichment.ItemVectorResolver.ResolveLocal(options, hits, cache));

    private Enrichment.ItemVectorSet? _localItemVectors;

    /// <summary>Cancelled when the profile's time budget is spent.</summary>
    public CancellationToken Budget { get; init; }
}
