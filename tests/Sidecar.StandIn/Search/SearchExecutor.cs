using System.Diagnostics;
using Sidecar.StandIn.Aggregations;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Query;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Search;

/// <summary>
/// Runs a search over one or more indices: collects all matches, computes aggregations, applies post_filter,
/// sorts (score desc, or the requested fields; ties by index then insertion order), pages and fetches.
/// </summary>
public static class SearchExecutor
{
    public static SearchResult Execute(IReadOnlyList<StandInIndex> indices, SearchRequest request)
    {
        var watch = Stopwatch.StartNew();
        var shards = new List<ShardContext>();
        try
        {
            for (var i = 0; i < indices.Count; i++)
            {
                shards.Add(new ShardContext(i, indices[i]));
            }

            CheckResultWindow(request, shards);
            var hits = Collect(request, shards, out var postFilter);
            byte[]? aggregations = null;
            if (request.Aggregations.Count > 0)
            {
                aggregations = RenderAggregations(request, hits, shards);
            }

            if (postFilter is not null)
            {
                hits = [.. hits.Where(h => postFilter.Contains((h.Shard, h.Doc)))];
            }

            var order = Order(request, hits, shards, out var columns);
            var page = order.Skip(request.From).Take(request.Size).ToList();
            var scores = request.ScoresTracked;
            var result = new SearchResult
            {
                Request = request,
                Shards = shards.Count,
                TotalHits = hits.Count,
                MaxScore = scores && hits.Count > 0 && request.Size > 0 ? hits.Max(h => h.Score) : null,
                Hits = [.. page.Select(i => Fetch(hits[i], i, shards, request, columns, scores))],
                AggregationsJson = aggregations,
            };
            result.TookMillis = watch.ElapsedMilliseconds;
            return result;
        }
        finally
        {
            shards.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Counts matches (the _count API).</summary>
    public static long Count(IReadOnlyList<StandInIndex> indices, SearchRequest request)
    {
        var shards = new List<ShardContext>();
        try
        {
            for (var i = 0; i < indices.Count; i++)
            {
                shards.Add(new ShardContext(i, indices[i]));
            }

            return Collect(request, shards, out _).Count;
        }
        finally
        {
            shards.ForEach(s => s.Dispose());
        }
    }

    private static List<Hit> Collect(SearchRequest request, List<ShardContext> shards, out HashSet<(int, int)>? postFilter)
    {
        var hits = new List<Hit>();
        postFilter = request.PostFilter is null ? null : [];
        foreach (var shard in shards)
        {
            try
            {
                var builder = new EsQueryBuilder(shard.Query);
                LuceneQuery query = request.QueryString is { } q
                    ? builder.QueryString(q, request.DefaultField, request.DefaultOperatorAnd, request.Analyzer, request.Lenient)
                    : builder.Build(request.Query);
                var collector = new AllHitsCollector(shard.Ordinal, scores: true);
                shard.Searcher.Search(query, collector);
                hits.AddRange(request.MinScore is { } min ? collector.Hits.Where(h => h.Score >= min) : collector.Hits);
                if (request.PostFilter is { } filter)
                {
                    var filterCollector = new AllHitsCollector(shard.Ordinal, scores: false);
                    shard.Searcher.Search(builder.Build(filter), filterCollector);
                    postFilter!.UnionWith(filterCollector.Hits.Select(h => (h.Shard, h.Doc)));
                }
            }
            catch (EsException e) when (e.Type == "query_shard_exception")
            {
                throw e.AsShardFailure(shard.Index.Name);
            }
        }

        return hits;
    }

    private static void CheckResultWindow(SearchRequest request, List<ShardContext> shards)
    {
        var window = shards.Count == 0 ? 10_000 : shards.Min(s => s.Index.Settings.MaxResultWindow);
        var requested = (long)request.From + request.Size;
        if (requested > window)
        {
            var index = shards.Count == 0 ? "_na_" : shards[0].Index.Name;
            throw EsErrors.IllegalArgument(
                $"Result window is too large, from + size must be less than or equal to: [{window}] but was [{requested}]. " +
                "See the scroll api for a more efficient way to request large data sets. This limit can be set by " +
                "changing the [index.max_result_window] index level setting.").AsShardFailure(index);
        }
    }

    private static byte[] RenderAggregations(SearchRequest request, List<Hit> hits, List<ShardContext> shards)
    {
        var ctx = new AggregationContext(shards);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, Sidecar.StandIn.Json.JsonWriting.Compact))
        {
            w.WriteStartObject();
            foreach (var aggregation in request.Aggregations)
            {
                aggregation.Write(w, hits, ctx, request.TypedKeys);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static List<int> Order(SearchRequest request, List<Hit> hits, List<ShardContext> shards, out List<SortColumn>? columns)
    {
        var order = Enumerable.Range(0, hits.Count).ToList();
        int TieBreak(int a, int b)
        {
            var c = hits[a].Shard.CompareTo(hits[b].Shard);
            return c != 0 ? c : hits[a].Doc.CompareTo(hits[b].Doc);
        }

        if (request.SortsByScoreOnly)
        {
            columns = null;
            order.Sort((a, b) =>
            {
                var c = hits[b].Score.CompareTo(hits[a].Score);
                return c != 0 ? c : TieBreak(a, b);
            });
            return order;
        }

        var cols = request.Sort.Select(s => new SortColumn(s, hits, shards)).ToList();
        columns = cols;
        order.Sort((a, b) =>
        {
            foreach (var column in cols)
            {
                var c = column.Compare(a, b);
                if (c != 0)
                {
                    return c;
                }
            }

            return TieBreak(a, b);
        });
        return order;
    }

    private static FetchedHit Fetch(Hit hit, int index, List<ShardContext> shards, SearchRequest request,
        List<SortColumn>? columns, bool scores)
    {
        var shard = shards[hit.Shard];
        var stored = shard.Searcher.Doc(hit.Doc);
        var sourceRef = stored.GetBinaryValue(DocumentBuilder.SourceField);
        var source = sourceRef.Bytes.AsSpan(sourceRef.Offset, sourceRef.Length).ToArray();
        return new FetchedHit(
            shard.Index.Name,
            stored.Get(DocumentBuilder.IdField),
            scores ? hit.Score : null,
            source,
            stored.GetField(DocumentBuilder.VersionField).GetInt64Value() ?? 1,
            stored.GetField(DocumentBuilder.SeqNoField).GetInt64Value() ?? 0,
            columns?.Select(c => c.Rendered(index)).ToList(),
            FieldsExtractor.Extract(source, request.Fields, shard.Mapping));
    }
}
