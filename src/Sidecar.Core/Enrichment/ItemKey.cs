namespace Sidecar.Enrichment;

/// <summary>A document's identity in <see cref="ItemEmbeddingCache"/>: concrete index name and <c>_id</c> (ordinal).</summary>
public readonly record struct ItemKey(string Index, string Id);
