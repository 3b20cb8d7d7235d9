using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sidecar.Tests.Functional;

/// <summary>A small product catalogue with known BM25 and rating orders, loaded through the REST API.</summary>
public static class ProductFixture
{
    public sealed record Product(string Asin, string Title, string Brand, string[] Category, double? Price, double Rating, int RatingCount);

    public static readonly Product[] Products =
    [
        new("P01", "Wireless Headphones Wireless Bluetooth Headphones", "Acme", ["Electronics", "Headphones"], 59.99, 3.1, 120),
        new("P02", "Wireless Headphones with Noise Cancelling", "Sonic", ["Electronics", "Headphones"], 199.0, 4.8, 5400),
        new("P03", "Wireless Headphones for Kids", "Tiny", ["Electronics", "Headphones"], 25.5, 4.2, 800),
        new("P04", "Headphones Wired Studio", "Acme", ["Electronics", "Headphones"], 89.0, 4.6, 2300),
        new("P05", "Wireless Mouse", "Clicky", ["Electronics", "Computer Accessories"], 19.0, 4.4, 9000),
        new("P06", "Bluetooth Speaker Wireless", "Sonic", ["Electronics", "Speakers"], 49.0, 3.9, 700),
        new("P07", "Oak Dining Table", "Woody", ["Home", "Furniture"], 499.0, 4.9, 60),
        new("P08", "Wireless Earbuds Headphones Sport", "Sonic", ["Electronics", "Headphones"], null, 4.7, 3100),
        new("P09", "Headphones Case", "Acme", ["Electronics", "Accessories"], 9.0, 2.5, 15),
        new("P10", "Kids Wireless Headphones Headphones Headphones", "Tiny", ["Electronics", "Headphones"], 30.0, 1.9, 40),
    ];

    public static async Task LoadAsync(Uri upstream, string index = "products")
    {
        using var http = new HttpClient { BaseAddress = upstream };
        var mapping = await File.ReadAllTextAsync(Path.Combine(Infrastructure.RepoPaths.Root, "scripts", "lib", "products-mapping.json"));
        using (var create = await http.PutAsync(index, new StringContent(mapping, Encoding.UTF8, "application/json")))
        {
            create.EnsureSuccessStatusCode();
        }

        var bulk = new StringBuilder();
        foreach (var p in Products)
        {
            bulk.Append("{\"index\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"").Append(p.Asin).Append("\"}}\n");
            bulk.Append(JsonSerializer.Serialize(new
            {
                asin = p.Asin, title = p.Title, brand = p.Brand, category = p.Category, price = p.Price, rating = p.Rating,
                rating_count = p.RatingCount,
            })).Append('\n');
        }

        using var response = await http.PostAsync("_bulk?refresh=true", new StringContent(bulk.ToString(), Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (doc.RootElement.GetProperty("errors").GetBoolean())
        {
            throw new InvalidOperationException("fixture bulk failed: " + doc.RootElement.GetRawText());
        }
    }
}
