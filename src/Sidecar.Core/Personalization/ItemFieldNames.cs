namespace Sidecar.Personalization;

/// <summary>
/// The <c>_source</c> fields of catalogue items that profiles learn from (YAML <c>personalization.item_fields</c>).
/// The embedding field is the rerank profile's <c>item_embedding.field</c> for the item's index.
/// </summary>
public sealed record ItemFieldNames
{
    /// <summary>The category path: a list of levels, top first (YAML <c>category</c>). Default <c>category</c>.</summary>
    public string Category { get; init; } = "category";

    /// <summary>The brand (YAML <c>brand</c>). Default <c>brand</c>.</summary>
    public string Brand { get; init; } = "brand";

    /// <summary>The price (YAML <c>price</c>). Default <c>price</c>.</summary>
    public string Price { get; init; } = "price";
}
