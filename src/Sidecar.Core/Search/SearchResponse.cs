using System.Text.Json;

namespace Sidecar.Search;

/// <summary>A parsed first-stage response: the JSON document and a view of its hits in upstream order.</summary>
public sealed class SearchResponse : IDisposable
{
    private SearchResponse(JsonDocument document, SearchHit[] hits)
    {
        Document = document;
        Hits = hits;
    }

    public JsonDocument Document { get; }

    public SearchHit[] Hits { get; }

    /// <summary>Parses an Elasticsearch search response; null when it is not one (not JSON, no <c>hits.hits</c> array).</summary>
    public static SearchResponse? TryParse(ReadOnlyMemory<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return null;
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("hits"u8, out var hitsObj) || hitsObj.ValueKind != JsonValueKind.Object ||
            !hitsObj.TryGetProperty("hits"u8, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            doc.Dispose();
            return null;
        }

        var hits = new SearchHit[array.GetArrayLength()];
        var i = 0;
        foreach (var h in array.EnumerateArray())
        {
            if (h.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                return null;
            }

            double? score = h.TryGetProperty("_score"u8, out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
            var source = h.TryGetProperty("_source"u8, out var src) ? src : default;
            hits[i] = new SearchHit(i, h, score, source);
            i++;
        }

        return new SearchResponse(doc, hits);
    }

    public void Dispose() => Document.Dispose();
}
