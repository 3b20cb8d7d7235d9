using Sidecar.Configuration;
using Sidecar.Ranking.Features;

namespace Sidecar.Ranking;

/// <summary>
/// A compiled YAML profile: which indices it applies to, how wide the first-stage window is, the
/// time budget, and the reranker built from its declared features. Immutable.
/// </summary>
public sealed class RerankProfile
{
    public RerankProfile(string name, IReadOnlyList<IndexPattern> indices, int window, int budgetMs, IReranker reranker)
    {
        Name = name;
        Indices = indices;
        Window = window;
        BudgetMs = budgetMs;
        Reranker = reranker;
        SourceFields = reranker.Features.SelectMany(f => f.SourceFields).Distinct(StringComparer.Ordinal).ToArray();
        QueryEmbedders = reranker.Features.Select(Unwrap).OfType<IQueryEmbeddingFeature>().Select(f => f.Embedder).Distinct().ToArray();
        _vectorFeatures = reranker.Features.Select(f => (Feature: Unwrap(f), Scored: f.Weight != 0 || f is Scoring.ModelInputFeature))
            .Where(f => f.Feature is IItemVectorFeature).Select(f => (Personal: ((IItemVectorFeature)f.Feature).PersonalOnly, f.Scored)).ToArray();
    }

    private readonly (bool Personal, bool Scored)[] _vectorFeatures;

    /// <summary>
    /// Whether a search needs the window's item vectors: some feature reads them and counts (a non-zero weight, a
    /// ranking model's input, or an explanation asked for), and is not a personal one while the user is anonymous.
    /// </summary>
    public bool NeedsItemVectors(bool explain, bool hasUser)
    {
        foreach (var (personal, scored) in _vectorFeatures)
        {
            if ((scored || explain) && (hasUser || !personal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any feature reads item vectors at all.</summary>
    public bool ReadsItemVectors => _vectorFeatures.Length > 0;

    public string Name { get; }

    public IReadOnlyList<IndexPattern> Indices { get; }

    /// <summary>How many first-stage hits are fetched and reranked (YAML <c>window</c>, default 100).</summary>
    public int Window { get; }

    /// <summary>Time allowed for the sidecar's own work per search, in ms (YAML <c>budget_ms</c>, default 50).</summary>
    public int BudgetMs { get; }

    public IReranker Reranker { get; }

    /// <summary>The models whose query embedding this profile's features need (computed once per search).</summary>
    public IReadOnlyList<Embeddings.ITextEmbedder> QueryEmbedders { get; }

    private static IFeature Unwrap(IFeature f) => f is Scoring.ModelInputFeature m ? m.Declared : f;

    /// <summary>Where this profile's items keep their embeddings (YAML <c>item_embedding</c>).</summary>
    public Enrichment.ItemEmbeddingOptions ItemEmbedding { get; init; } = Enrichment.ItemEmbeddingOptions.Default;

    /// <summary>Whether documents written through the sidecar into these indices get their embedding added.</summary>
    public bool EnrichOnWrite { get; init; }

    /// <summary>Query analysis and optional expansion (YAML <c>query</c>).</summary>
    public QueryUnderstanding Query { get; init; } = QueryUnderstanding.Default;

    /// <summary>The <c>_source</c> fields the features read; the upstream request is widened to include them.</summary>
    public IReadOnlyList<string> SourceFields { get; }

    /// <summary>
    /// True when every index expression of a search target (the comma list before <c>/_search</c>)
    /// is covered by this profile's patterns. Exclusions (<c>-logs*</c>) only narrow and are ignored.
    /// </summary>
    public bool MatchesTarget(ReadOnlySpan<char> target)
    {
        var any = false;
        foreach (var range in target.Split(','))
        {
            var part = target[range].Trim();
            if (part.IsEmpty || part[0] == '-')
            {
                continue;
            }

            if (part.SequenceEqual("_all"))
            {
                part = "*";
            }

            any = true;
            var matched = false;
            foreach (var p in Indices)
            {
                if (p.Matches(part))
                {
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        return any;
    }
}
