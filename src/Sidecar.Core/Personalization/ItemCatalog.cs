using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Enrichment;

namespace Sidecar.Personalization;

/// <summary>
/// Reads the attributes of interacted items (category, brand, price, embedding) from their catalogue
/// index with one <c>_mget</c> per batch and the sidecar's own credential. An item that is not found has no
/// attributes (its events still count as recent items); an item without an embedding in <c>_source</c>
/// takes the one in the item cache if any.
/// </summary>
public sealed class ItemCatalog
{
    private const int ChunkSize = 500;
    private readonly PersonalizationStore _store;
    private readonly ItemEmbeddingCache? _cache;

    public ItemCatalog(PersonalizationStore store, ItemEmbeddingCache? cache = null)
    {
        _store = store;
        _cache = cache;
    }

    public async Task<Dictionary<ItemKey, ItemAttributes>> FetchAsync(IEnumerable<ItemKey> items, SidecarOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var p = options.Personalization ?? new PersonalizationOptions();
        var keys = items.Distinct().ToList();
        var result = new Dictionary<ItemKey, ItemAttributes>(keys.Count);
        var embeddingFields = keys.Select(k => k.Index).Distinct(StringComparer.Ordinal)
            .ToDictionary(i => i, i => EmbeddingField(options, i), StringComparer.Ordinal);
        var includes = string.Join(',', new[] { p.ItemFields.Category, p.ItemFields.Brand, p.ItemFields.Price }
            .Concat(embeddingFields.Values).Distinct(StringComparer.Ordinal).Select(Uri.EscapeDataString));
        foreach (var chunk in keys.Chunk(ChunkSize))
        {
            var response = await _store.SendAsync(HttpMethod.Post, "/_mget?_source_includes=" + includes, Body(chunk, options, p),
                p.Ingest.StoreTimeoutMs, ct).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw response.Unexpected("reading interacted items");
            }

            using var doc = response.Json();
            if (!doc.RootElement.TryGetProperty("docs"u8, out var docs) || docs.ValueKind != JsonValueKind.Array)
            {
                throw response.Unexpected("reading interacted items (no docs array)");
            }

            var i = 0;
            foreach (var item in docs.EnumerateArray())
            {
                if (i >= chunk.Length)
                {
                    break;
                }

                var key = chunk[i++];
                result[key] = Attributes(item, key, p.ItemFields, embeddingFields[key.Index]);
            }

            for (; i < chunk.Length; i++)
            {
                result[chunk[i]] = ItemAttributes.None;
            }
        }

        return result;
    }

    private ItemAttributes Attributes(JsonElement item, ItemKey key, ItemFieldNames fields, string embeddingField)
    {
        if (!item.TryGetProperty("found"u8, out var found) || found.ValueKind != JsonValueKind.True ||
            !item.TryGetProperty("_source"u8, out var source))
        {
            return ItemAttributes.None;
        }

        var attributes = ItemAttributes.FromSource(source, fields, embeddingField);
        if (attributes.Embedding is null && _cache is not null && _cache.TryGet(key.Index, key.Id, out var cached))
        {
            attributes = attributes with { Embedding = cached };
        }

        return attributes;
    }

    /// <summary>The embedding field of the rerank profile covering <paramref name="index"/>, else the default.</summary>
    private static string EmbeddingField(SidecarOptions options, string index) =>
        options.Profiles.FirstOrDefault(p => p.MatchesTarget(index))?.ItemEmbedding.Field ?? ItemEmbeddingOptions.Default.Field;

    /// <summary>
    /// The <c>_mget</c> body. Documents of indices whose profile sets <c>rehydrate_vectors</c> carry their own
    /// <c>_source</c> (the URL's includes plus <c>"exclude_vectors": false</c>) so that Elasticsearch 9.2+ returns the vector.
    /// </summary>
    private static byte[] Body(ItemKey[] chunk, SidecarOptions options, PersonalizationOptions p)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * chunk.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("docs"u8);
            foreach (var k in chunk)
            {
                w.WriteStartObject();
                w.WriteString("_index"u8, k.Index);
                w.WriteString("_id"u8, k.Id);
                if (options.Profiles.FirstOrDefault(x => x.MatchesTarget(k.Index)) is { ItemEmbedding.RehydrateVectors: true } profile)
                {
                    w.WriteStartObject("_source"u8);
                    w.WriteStartArray("includes"u8);
                    foreach (var field in new[] { p.ItemFields.Category, p.ItemFields.Brand, p.ItemFields.Price, profile.ItemEmbedding.Field }.Distinct(StringComparer.Ordinal))
                    {
                        w.WriteStringValue(field);
                    }

                    w.WriteEndArray();
                    w.WriteBoolean("exclude_vectors"u8, false);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
