using Sidecar.Embeddings;
using Sidecar.Enrichment;
using Sidecar.Ranking;

namespace Sidecar.Eval;

/// <summary>
/// For <c>--embed-missing</c>: computes in-process the item embeddings the index does not carry, for the
/// hits of the fetched windows only, from the profile's <c>item_embedding</c> text fields, and puts them in
/// the item cache that semantic features read. Lets a semantic profile be evaluated before the catalogue is
/// enriched; slow (the model runs over every distinct product of the windows).
/// </summary>
public static class MissingItemEmbeddings
{
    public static int Fill(IReadOnlyList<QueryWindow> windows, RerankProfile profile, ITextEmbedder embedder, ItemEmbeddingCache cache,
        string index, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(log);
        var options = profile.ItemEmbedding;
        var todo = new Dictionary<(string Index, string Id), string>();
        foreach (var w in windows)
        {
            foreach (var hit in w.Response.Hits)
            {
                var hitIndex = hit.Hit.TryGetProperty("_index"u8, out var i) ? i.GetString() ?? index : index;
                if (hit.Id is not { } id || todo.ContainsKey((hitIndex, id)) ||
                    cache.Resolve(hitIndex, id, hit.Source, options, embedder.Dimensions) is not null)
                {
                    continue;
                }

                if (ItemText.Build(hit.Source, options) is { } text)
                {
                    todo[(hitIndex, id)] = text;
                }
            }
        }

        var keys = todo.Keys.ToArray();
        const int chunk = 256;
        for (var start = 0; start < keys.Length; start += chunk)
        {
            var part = keys.AsSpan(start, Math.Min(chunk, keys.Length - start)).ToArray();
            var vectors = embedder.EmbedDocuments(part.Select(k => todo[k]).ToArray());
            for (var j = 0; j < part.Length; j++)
            {
                cache.Set(part[j].Index, part[j].Id, vectors[j]);
            }

            if (!Console.IsErrorRedirected || start + part.Length == keys.Length)
            {
                log.Write($"\r  embedded {start + part.Length}/{keys.Length} products");
            }
        }

        if (keys.Length > 0)
        {
            log.WriteLine();
        }

        return keys.Length;
    }
}
