using System.Buffers;
using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>
/// Deletes every document of an index matching a query, portably (no <c>_delete_by_query</c>, which not
/// every Elasticsearch-compatible store offers): refresh, search a page of ids, <c>_bulk</c> delete them,
/// repeat until a search finds none or <c>maxRounds</c> pages were deleted.
/// </summary>
public sealed class QueryDeleter
{
    private const int PageSize = 1000;
    private readonly PersonalizationStore _store;

    public QueryDeleter(PersonalizationStore store)
    {
        _store = store;
    }

    /// <summary>Returns how many documents were deleted. <paramref name="query"/> writes one query object.</summary>
    public async Task<long> DeleteAsync(string index, Action<Utf8JsonWriter> query, int timeoutMs, CancellationToken ct, int maxRounds = 1000)
    {
        ArgumentNullException.ThrowIfNull(query);
        var search = Ndjson.Document(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size"u8, PageSize);
            w.WriteBoolean("_source"u8, false);
            w.WritePropertyName("query"u8);
            query(w);
            w.WriteEndObject();
        });
        long deleted = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            await _store.SendAsync(HttpMethod.Post, $"/{index}/_refresh?ignore_unavailable=true", null, timeoutMs, ct).ConfigureAwait(false);
            var found = await _store.SendAsync(HttpMethod.Post, $"/{index}/_search?ignore_unavailable=true", search, timeoutMs, ct).ConfigureAwait(false);
            if (found.Status == 404)
            {
                return deleted;
            }

            if (!found.IsSuccess)
            {
                throw found.Unexpected($"searching {index}");
            }

            var (count, bulk) = DeleteBody(found);
            if (count == 0)
            {
                return deleted;
            }

            var response = await _store.SendAsync(HttpMethod.Post, "/_bulk", bulk, timeoutMs, ct, "application/x-ndjson").ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw response.Unexpected($"deleting from {index}");
            }

            using var doc = response.Json();
            var before = deleted;
            if (doc.RootElement.TryGetProperty("items"u8, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.TryGetProperty("delete"u8, out var d) && d.TryGetProperty("status"u8, out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var status) &&
                        status == 200)
                    {
                        deleted++;
                    }
                }
            }

            if (deleted == before)
            {
                // A round that deleted nothing would repeat forever (deletes not taking effect): stop and report.
                throw new StoreException($"deleting from {index} made no progress: {count} documents found but none deleted");
            }
        }

        return deleted;
    }

    private static (int Count, ReadOnlyMemory<byte> Body) DeleteBody(StoreResponse found)
    {
        using var doc = found.Json();
        var buffer = new ArrayBufferWriter<byte>(4096);
        var count = 0;
        if (doc.RootElement.TryGetProperty("hits"u8, out var hits) && hits.TryGetProperty("hits"u8, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var hit in list.EnumerateArray())
            {
                if (hit.TryGetProperty("_index"u8, out var index) && hit.TryGetProperty("_id"u8, out var id) &&
                    index.GetString() is { } i && id.GetString() is { } d)
                {
                    Ndjson.AppendAction(buffer, "delete"u8, i, d);
                    count++;
                }
            }
        }

        return (count, buffer.WrittenMemory);
    }
}
