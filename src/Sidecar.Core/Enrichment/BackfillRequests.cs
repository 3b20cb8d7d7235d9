using System.Buffers;
using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>
/// The JSON the backfill sends. Its query selects documents that lack the vector field but have at least
/// one text field, minus the ids it already gave up on (no usable text, rejected by Elasticsearch):
/// <c>{"bool":{"must_not":[{"exists":{"field":"embedding"}},{"ids":{...}}],"should":[{"exists":{"field":"title"}},...],"minimum_should_match":1}}</c>.
/// </summary>
internal static class BackfillRequests
{
    public static byte[] Count(ItemEmbeddingOptions options) => Json(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("query"u8);
        Query(w, options, []);
        w.WriteEndObject();
    });

    /// <summary>A page: <c>size</c> documents in index order, with only the text fields, their sequence numbers, no total.</summary>
    public static byte[] Search(ItemEmbeddingOptions options, int size, IReadOnlyCollection<string> excludedIds) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("size"u8, size);
        w.WritePropertyName("query"u8);
        Query(w, options, excludedIds);
        w.WriteStartArray("_source"u8);
        foreach (var f in options.TextFields)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteStartArray("sort"u8);
        w.WriteStringValue("_doc"u8);
        w.WriteEndArray();
        w.WriteBoolean("track_total_hits"u8, false);
        w.WriteBoolean("seq_no_primary_term"u8, true);
        w.WriteEndObject();
    });

    /// <summary><c>update</c> actions writing <c>{"doc":{field: vector}}</c>, guarded by the sequence number read.</summary>
    public static byte[] Bulk(IReadOnlyList<BackfillHit> hits, IReadOnlyList<float[]> vectors, ItemEmbeddingOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(hits.Count * ((vectors.Count > 0 ? vectors[0].Length * 12 : 0) + 200));
        using var w = new Utf8JsonWriter(buffer);
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            w.WriteStartObject();
            w.WriteStartObject("update"u8);
            w.WriteString("_index"u8, hit.Index);
            w.WriteString("_id"u8, hit.Id);
            if (hit.Routing is not null)
            {
                w.WriteString("routing"u8, hit.Routing);
            }

            if (hit.SeqNo is { } seqNo && hit.PrimaryTerm is { } term)
            {
                w.WriteNumber("if_seq_no"u8, seqNo);
                w.WriteNumber("if_primary_term"u8, term);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            NewLine(w, buffer);
            w.WriteStartObject();
            w.WriteStartObject("doc"u8);
            w.WriteStartArray(options.Field);
            foreach (var x in vectors[i])
            {
                w.WriteNumberValue(x);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            NewLine(w, buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Query(Utf8JsonWriter w, ItemEmbeddingOptions options, IReadOnlyCollection<string> excludedIds)
    {
        w.WriteStartObject();
        w.WriteStartObject("bool"u8);
        w.WriteStartArray("must_not"u8);
        Exists(w, options.Field);
        if (excludedIds.Count > 0)
        {
            w.WriteStartObject();
            w.WriteStartObject("ids"u8);
            w.WriteStartArray("values"u8);
            foreach (var id in excludedIds)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("should"u8);
        foreach (var f in options.TextFields)
        {
            Exists(w, f);
        }

        w.WriteEndArray();
        w.WriteNumber("minimum_should_match"u8, 1);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Exists(Utf8JsonWriter w, string field)
    {
        w.WriteStartObject();
        w.WriteStartObject("exists"u8);
        w.WriteString("field"u8, field);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void NewLine(Utf8JsonWriter w, ArrayBufferWriter<byte> buffer)
    {
        w.Flush();
        buffer.Write("\n"u8);
        w.Reset(buffer);
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
