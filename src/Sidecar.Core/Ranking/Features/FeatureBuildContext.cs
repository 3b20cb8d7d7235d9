using Sidecar.Embeddings;
using Sidecar.Enrichment;

namespace Sidecar.Ranking.Features;

/// <summary>What a feature factory may need besides its own YAML: shared models and the profile's settings.</summary>
public sealed class FeatureBuildContext
{
    public static FeatureBuildContext Empty { get; } = new();

    /// <summary>The sentence-embedding model (<c>models.embedding</c>); null when none is configured.</summary>
    public ITextEmbedder? Embedder { get; init; }

    /// <summary>Where the profile's items keep their embeddings (<c>item_embedding</c> of the profile).</summary>
    public ItemEmbeddingOptions ItemEmbedding { get; init; } = ItemEmbeddingOptions.Default;

    /// <summary>Item vectors cached in memory (write-time enrichment fills it).</summary>
    public ItemEmbeddingCache? ItemCache { get; init; }

    /// <summary>The <c>personalization</c> section (user features need it); null when absent.</summary>
    public Personalization.PersonalizationOptions? Personalization { get; init; }
}
