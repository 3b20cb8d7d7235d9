using Sidecar.Configuration;
using Sidecar.Embeddings;
using Sidecar.Enrichment;
using Sidecar.Personalization;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Cosine similarity of the user's interest embedding (the decayed mean of the embeddings of the items they
/// interacted with) and the hit's item embedding, read from <c>_source[item_embedding.field]</c> of the rerank
/// profile or from the in-memory item cache; never computed on the request path. Values in [-1, 1],
/// optionally min-max normalised within the window; hits without an embedding (or of another dimension)
/// get <c>missing</c>. A user whose items had no embeddings gets 0 everywhere.
/// YAML: <c>{ name, type: user_interest_similarity, normalize: none|min_max, missing, weight }</c>.
/// </summary>
public sealed class UserInterestSimilarityFeature : UserFeature, IItemVectorFeature
{
    public const string TypeName = "user_interest_similarity";

    private readonly ItemEmbeddingOptions _item;
    private readonly ItemEmbeddingCache? _cache;
    private readonly bool _minMax;

    private UserInterestSimilarityFeature(FeatureDeclaration d, ItemEmbeddingOptions item, ItemEmbeddingCache? cache, bool minMax)
        : base(d, item.VectorsFrom == ItemVectorSource.Source ? [item.Field] : [])
    {
        _item = item;
        _cache = cache;
        _minMax = minMax;
    }

    public bool PersonalOnly => true;

    public static IFeature Create(FeatureDeclaration d, ConfigNode node, FeatureBuildContext context)
    {
        Require(node, context, TypeName);
        var minMax = node.Enum("normalize", "none", "none", "min_max") == "min_max";
        return new UserInterestSimilarityFeature(d, context.ItemEmbedding, context.ItemCache, minMax);
    }

    protected override void Compute(UserProfile user, RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        if (user.Interest is not { } interest)
        {
            values.Clear();
            return;
        }

        var vectors = context.ItemVectorsFor(hits, _item, _cache);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < hits.Length; i++)
        {
            var v = vectors[hits[i].Rank];
            if (v.Length == interest.Length)
            {
                values[i] = VectorMath.Cosine(interest, v);
                min = Math.Min(min, values[i]);
                max = Math.Max(max, values[i]);
            }
            else
            {
                values[i] = double.NaN;
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = double.IsNaN(values[i]) ? Missing
                : !_minMax ? values[i]
                : max > min ? (values[i] - min) / (max - min) : 1.0;
        }
    }
}
