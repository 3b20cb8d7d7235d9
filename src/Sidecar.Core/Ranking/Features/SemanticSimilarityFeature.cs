using Sidecar.Configuration;
using Sidecar.Embeddings;
using Sidecar.Enrichment;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Cosine similarity of the query's embedding (transformer model, ONNX Runtime, LRU-cached per query text)
/// and each hit's item embedding, as the search path resolved them (<see cref="RerankContext.ItemVectors"/>: the
/// profile's <c>item_embedding.field</c> in <c>_source</c>, the in-memory item cache, or one <c>_mget</c> for the misses). Item embeddings are never computed on the request path: a hit without
/// one gets <c>missing</c>. Values are cosines in [-1, 1], optionally min-max normalised within the window.
/// YAML: <c>{ name, type: semantic_similarity, normalize: none|min_max, missing, weight }</c>; needs <c>models.embedding</c>.
/// </summary>
public sealed class SemanticSimilarityFeature : IFeature, IQueryEmbeddingFeature, IItemVectorFeature
{
    public const string TypeName = "semantic_similarity";

    private readonly ITextEmbedder _embedder;
    private readonly ItemEmbeddingOptions _item;
    private readonly ItemEmbeddingCache? _cache;
    private readonly Normalization _normalization;
    private readonly double _missing;

    public SemanticSimilarityFeature(string name, double weight, ITextEmbedder embedder, ItemEmbeddingOptions item,
        ItemEmbeddingCache? cache, Normalization normalization, double missing)
    {
        Name = name;
        Weight = weight;
        _embedder = embedder;
        _item = item;
        _cache = cache;
        _normalization = normalization;
        _missing = missing;
        SourceFields = item.VectorsFrom == ItemVectorSource.Source ? [item.Field] : [];
    }

    public bool PersonalOnly => false;

    public string Name { get; }

    public ITextEmbedder Embedder => _embedder;

    public string Type => TypeName;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields { get; }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node, FeatureBuildContext context)
    {
        var normalize = NormalizationExtensions.Parse(node.Enum("normalize", "none", NormalizationExtensions.Names));
        if (context.Embedder is null)
        {
            node.Errors.Add(node.Path + ".type", node.Line, node.Column,
                "semantic_similarity needs a model: add models.embedding (e.g. preset: arctic-embed-xs)");
            return new ConstantFeature(d.Name, d.Type, d.Weight, d.Missing);
        }

        return new SemanticSimilarityFeature(d.Name, d.Weight, context.Embedder, context.ItemEmbedding, context.ItemCache, normalize, d.Missing);
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        var query = context.QueryText is { Length: > 0 } text ? context.GetQueryEmbedding(_embedder, text) : null;
        if (query is null)
        {
            values.Fill(_missing);
            return;
        }

        context.Budget.ThrowIfCancellationRequested();
        var vectors = context.ItemVectorsFor(hits, _item, _cache);
        var present = 0;
        for (var i = 0; i < hits.Length; i++)
        {
            var v = vectors[hits[i].Rank];
            if (v.Length == query.Length)
            {
                values[i] = VectorMath.Cosine(query, v);
                present++;
            }
            else
            {
                values[i] = double.NaN;
            }
        }

        if (_normalization != Normalization.None && present > 0)
        {
            NormalizePresent(values);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                values[i] = _missing;
            }
        }
    }

    /// <summary>Normalises the hits that have a vector among themselves (NaN marks the others), as the declared kind says.</summary>
    private void NormalizePresent(Span<double> values)
    {
        Span<double> present = values.Length <= 1024 ? stackalloc double[values.Length] : new double[values.Length];
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                present[n++] = v;
            }
        }

        _normalization.Apply(present[..n]);
        n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                values[i] = present[n++];
            }
        }
    }
}
