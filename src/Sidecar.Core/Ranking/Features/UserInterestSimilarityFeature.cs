using System.Text.Json;
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

        Span<float> buffer = stackalloc float[Math.Min(interest.Length, 4096)];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < hits.Length; i++)
        {
            var v = context.ItemVectors is null ? ItemVector(hits[i], buffer, context.Profile.Name) : context.ItemVector(hits[i]);
            if (v.Length == interest.Length && interest.Length <= 4096)
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

    private ReadOnlySpan<float> ItemVector(in SearchHit hit, Span<float> buffer, string profile)
    {
        if (hit.TryGetField(_item.Field, out var field) && field.ValueKind == JsonValueKind.Array && field.GetArrayLength() == buffer.Length)
        {
            try
            {
                VectorJson.Parse(field, buffer);
                return buffer;
            }
            catch (JsonException)
            {
                return [];
            }
        }

        if (_cache is not null && hit.Id is { } id && hit.Hit.TryGetProperty("_index"u8, out var index) &&
            _cache.TryGet(index.GetString() ?? profile, id, out var cached))
        {
            return cached;
        }

        return [];
    }
}
