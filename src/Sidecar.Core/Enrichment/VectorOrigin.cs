namespace Sidecar.Enrichment;

/// <summary>Where <see cref="ItemEmbeddingCache.Resolve"/> found an item vector.</summary>
public enum VectorOrigin
{
    /// <summary>Nowhere: the feature uses its missing-value default (nothing is computed on the request path).</summary>
    Missing,

    /// <summary>The embedding field of the hit's <c>_source</c>.</summary>
    Source,

    /// <summary>The in-memory cache.</summary>
    Cache,
}
