namespace Sidecar.Enrichment;

/// <summary>Where the search path reads item vectors (YAML <c>item_embedding.vectors_from</c>).</summary>
public enum ItemVectorSource
{
    /// <summary>
    /// <c>cache</c>: the first stage leaves the vector field out of <c>_source</c>; vectors come from the in-memory item
    /// cache, and a search's misses are fetched with one <c>_mget</c> (the client's credentials) and cached.
    /// </summary>
    Cache,

    /// <summary><c>source</c>: the first stage asks for the vector field and each hit's vector is parsed from its <c>_source</c>.</summary>
    Source,
}
