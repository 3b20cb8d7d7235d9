using System.Text;
using System.Text.Json;

namespace Sidecar.Tests.Personalization;

/// <summary>
/// A small catalogue (index <c>shop</c>) where every product matches "wireless headphones" about equally, two
/// brands differ in category, price band and (4-dim) embedding, and a few accessories serve as history.
/// </summary>
internal static class ShopCatalog
{
    public sealed record Item(string Id, string Title, string Brand, string[] Category, double? Price, float[]? Embedding);

    public static readonly Item[] Items =
    [
        new("S1", "Wireless Headphones Lite", "Acme", ["Electronics", "Headphones", "Earbuds"], 19.99, [1, 0.1f, 0, 0]),
        new("S2", "Wireless Headphones Pro", "Acme", ["Electronics", "Headphones", "Earbuds"], 24.5, [0.9f, 0.2f, 0, 0]),
        new("S3", "Wireless Headphones Studio", "Sonic", ["Electronics", "Headphones", "Over-Ear"], 299, [0.1f, 1, 0, 0]),
        new("S4", "Wireless Headphones Max", "Sonic", ["Electronics", "Headphones", "Over-Ear"], 349, [0.2f, 0.9f, 0, 0]),
        new("S5", "Wireless Headphones Kids", "Tiny", ["Electronics", "Headphones", "Kids"], 15, [0, 0, 1, 0]),
        new("S6", "Wireless Headphones Basic", "NoName", ["Electronics", "Headphones"], null, null),
        new("H1", "Earbud Tips Case", "Acme", ["Electronics", "Headphones", "Earbuds"], 12, [1, 0, 0, 0.1f]),
        new("H2", "Earpad Cushions", "Sonic", ["Electronics", "Headphones", "Over-Ear"], 280, [0, 1, 0, 0.1f]),
        new("H3", "Cable Organizer", "Acme", ["Home", "Storage"], 8, [0, 0, 0, 1]),
    ];

    public static async Task LoadAsync(Uri upstream, string index = "shop")
    {
        using var http = new HttpClient { BaseAddress = upstream };
        const string mapping = """{"mappings":{"properties":{"title":{"type":"text"},"brand":{"type":"keyword"},"category":{"type":"keyword"},"price":{"type":"float"}}}}""";
        (await http.PutAsync(index, new StringContent(mapping, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var bulk = new StringBuilder();
        foreach (var i in Items)
        {
            bulk.Append("{\"index\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"").Append(i.Id).Append("\"}}\n");
            bulk.Append(JsonSerializer.Serialize(new { title = i.Title, brand = i.Brand, category = i.Category, price = i.Price, embedding = i.Embedding }))
                .Append('\n');
        }

        using var response = await http.PostAsync("_bulk?refresh=true", new StringContent(bulk.ToString(), Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
    }

    public static Item ById(string id) => Items.Single(i => i.Id == id);
}
