using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>
/// Decides which objects of one document body get a vector: the whole object for index/create, the
/// partial <c>doc</c> (when it sets a text field) and the <c>upsert</c> document for update.
/// </summary>
internal static class SourcePlanner
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Plans the body bytes <paramref name="json"/>, found at <paramref name="offset"/> of the request body.
    /// True when at least one vector was planned; false leaves the bytes as sent (invalid JSON included).
    /// </summary>
    public static bool Plan(EmbeddingEdits edits, ReadOnlyMemory<byte> json, int offset, bool isUpdate, ItemEmbeddingOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException)
        {
            return false; // Elasticsearch will answer this item with its own parse error
        }

        using (document)
        {
            var root = document.RootElement;
            if (!isUpdate)
            {
                return edits.PlanDocument(json.Span, offset, root, options);
            }

            return root.ValueKind == JsonValueKind.Object && PlanUpdate(edits, json.Span, offset, root, options);
        }
    }

    private static bool PlanUpdate(EmbeddingEdits edits, ReadOnlySpan<byte> json, int offset, JsonElement root, ItemEmbeddingOptions options)
    {
        var hasDoc = root.TryGetProperty("doc"u8, out var doc) && doc.ValueKind == JsonValueKind.Object;
        var hasUpsert = root.TryGetProperty("upsert"u8, out var upsert) && upsert.ValueKind == JsonValueKind.Object;
        if (!hasDoc && !hasUpsert)
        {
            return false; // script update: the new text is unknown here
        }

        ObjectLayout docAt = default, upsertAt = default;
        if ((hasDoc && !ObjectLayout.TryRead(json, "doc", out docAt)) || (hasUpsert && !ObjectLayout.TryRead(json, "upsert", out upsertAt)))
        {
            return false;
        }

        // Edits are written front to back: plan whichever object comes first in the bytes first.
        var docFirst = !hasUpsert || (hasDoc && docAt.ValueStart < upsertAt.ValueStart);
        var planned = false;
        for (var pass = 0; pass < 2; pass++)
        {
            var useDoc = (pass == 0) == docFirst;
            if (useDoc && hasDoc)
            {
                planned |= edits.PlanPartial(json[docAt.ValueStart..docAt.ValueEnd], offset + docAt.ValueStart, doc, options);
            }
            else if (!useDoc && hasUpsert)
            {
                planned |= edits.PlanDocument(json[upsertAt.ValueStart..upsertAt.ValueEnd], offset + upsertAt.ValueStart, upsert, options);
            }
        }

        return planned;
    }
}
