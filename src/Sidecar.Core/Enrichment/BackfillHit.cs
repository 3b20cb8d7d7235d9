using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>
/// One document of a backfill page: where to write its vector back (index, id, routing), the sequence
/// number it was read at (so a concurrent change wins over the backfill), and its text (null: nothing to embed).
/// </summary>
internal sealed record BackfillHit(string Index, string Id, string? Routing, long? SeqNo, long? PrimaryTerm, string? Text)
{
    /// <summary>Reads <c>hits.hits</c> of a search answer.</summary>
    public static List<BackfillHit> ReadPage(JsonElement answer, string fallbackIndex, ItemEmbeddingOptions options)
    {
        var page = new List<BackfillHit>();
        if (!answer.TryGetProperty("hits"u8, out var hits) || !hits.TryGetProperty("hits"u8, out var array) ||
            array.ValueKind != JsonValueKind.Array)
        {
            throw new BackfillException("The search answer has no hits.hits array.");
        }

        foreach (var hit in array.EnumerateArray())
        {
            var id = String(hit, "_id"u8) ?? throw new BackfillException("A search hit has no _id.");
            var source = hit.TryGetProperty("_source"u8, out var s) ? s : default;
            page.Add(new BackfillHit(
                String(hit, "_index"u8) ?? fallbackIndex,
                id,
                String(hit, "_routing"u8),
                Long(hit, "_seq_no"u8),
                Long(hit, "_primary_term"u8),
                ItemText.Build(source, options)));
        }

        return page;
    }

    private static string? String(JsonElement e, ReadOnlySpan<byte> name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, ReadOnlySpan<byte> name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
