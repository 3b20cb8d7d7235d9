using System.Text;
using System.Text.Json;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Esci;

/// <summary>Loads the whole ESCI product catalogue (shared/data/esci/products.jsonl next to the repository).</summary>
public sealed class EsciCatalogueTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public EsciCatalogueTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task EsciCatalogue_BulkLoadAndSearch_RanksKindlePaperwhiteFirst()
    {
        var path = FindCatalogue();
        if (path is null)
        {
            Assert.Skip("ESCI catalogue not found: expected shared/data/esci/products.jsonl in a parent directory of the test binaries");
        }

        var ndjson = new StringBuilder();
        var count = 0;
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            ndjson.Append("{\"index\":{\"_id\":").Append(JsonSerializer.Serialize(doc.RootElement.GetProperty("asin").GetString())).Append("}}\n");
            ndjson.Append(line).Append('\n');
            count++;
        }

        var bulk = await _es.BulkAsync("/esci-products/_bulk?refresh=true", ndjson.ToString());

        Assert.Equal(200, bulk.StatusCode);
        Assert.False(bulk.Json.GetProperty("errors").GetBoolean());
        Assert.Equal(count, (await _es.GetAsync("/esci-products/_count")).Json.GetProperty("count").GetInt64());

        var search = await _es.SearchAsync("esci-products", """
            {"size":100,"query":{"multi_match":{"query":"kindle paperwhite",
              "fields":["title^2","brand","category","bullet_points","description"]}}}
            """);

        Assert.Equal(200, search.StatusCode);
        Assert.True(search.TotalValue > 20, $"only {search.TotalValue} matches");
        Assert.Equal(Math.Min(100, search.TotalValue), search.Ids.Count);
        var top = search.Hits[0].GetProperty("_source").GetProperty("title").GetString()!;
        Assert.Contains("Kindle Paperwhite", top, StringComparison.OrdinalIgnoreCase);
        Assert.True(search.Json.GetProperty("took").GetInt64() < 5000);
    }

    private static string? FindCatalogue()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "esci", "products.jsonl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
