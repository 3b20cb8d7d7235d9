using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Enrichment;

/// <summary>
/// Just enough Elasticsearch, on a real HTTP port of 127.0.0.1, for the backfill: one index of documents in
/// insertion order; <c>_count</c>/<c>_search</c> with bool/exists/ids queries, <c>_source</c> includes, size;
/// <c>_bulk</c> update with <c>doc</c> and <c>if_seq_no</c>. Unknown query types answer 400 so a changed query
/// shape fails loudly. Failures can be injected. Used until the Lucene stand-in is referenced.
/// </summary>
internal sealed class MiniElasticsearch : IAsyncDisposable
{
    private readonly EchoUpstream _http;
    private readonly Lock _lock = new();
    private readonly List<(string Id, JsonObject Source, long SeqNo)> _docs = [];

    private MiniElasticsearch(EchoUpstream http, string index)
    {
        _http = http;
        Index = index;
        http.Handler = HandleAsync;
    }

    public string Index { get; }

    public Uri BaseUri => _http.BaseUri;

    public IReadOnlyList<EchoUpstream.Recorded> Requests => _http.Requests.ToArray();

    /// <summary>The next this-many requests answer <see cref="FailStatus"/>.</summary>
    public int FailNext { get; set; }

    public int FailStatus { get; set; } = 503;

    /// <summary>Bulk items for these ids fail with a mapping error (400).</summary>
    public HashSet<string> RejectIds { get; } = [];

    /// <summary>Just before the backfill's update of these ids, a "client" writes this vector: the update must conflict.</summary>
    public Dictionary<string, float[]> ConcurrentWrites { get; } = [];

    /// <summary>Bulk answers success but changes nothing (refresh never happens).</summary>
    public bool IgnoreWrites { get; set; }

    public static async Task<MiniElasticsearch> StartAsync(string index = "products") => new(await EchoUpstream.StartAsync(), index);

    public void Add(string id, string json)
    {
        lock (_lock)
        {
            _docs.Add((id, JsonNode.Parse(json)!.AsObject(), 1));
        }
    }

    public JsonObject Get(string id)
    {
        lock (_lock)
        {
            return (JsonObject)_docs.Single(d => d.Id == id).Source.DeepClone();
        }
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private async Task HandleAsync(HttpContext context, EchoUpstream.Recorded request)
    {
        var path = context.Request.Path.Value ?? "/";
        int status;
        JsonNode answer;
        lock (_lock)
        {
            try
            {
                (status, answer) = FailNext-- > 0 ? (FailStatus, Error("injected", "injected failure", FailStatus))
                    : path == "/_bulk" ? (200, Bulk(request.Body))
                    : !path.StartsWith("/" + Index + "/", StringComparison.Ordinal) ? (404, Error("index_not_found_exception", "no such index", 404))
                    : path.EndsWith("/_count", StringComparison.Ordinal) ? (200, Count(Parse(request.Body)))
                    : path.EndsWith("/_search", StringComparison.Ordinal) ? (200, Search(Parse(request.Body)))
                    : path.EndsWith("/_bulk", StringComparison.Ordinal) ? (200, Bulk(request.Body))
                    : (400, Error("illegal_argument_exception", "unsupported " + path, 400));
            }
            catch (NotSupportedException e)
            {
                (status, answer) = (400, Error("parsing_exception", e.Message, 400));
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private static JsonObject Parse(byte[] body) => JsonNode.Parse(body)!.AsObject();

    private static JsonObject Error(string type, string reason, int status) =>
        new() { ["error"] = new JsonObject { ["type"] = type, ["reason"] = reason }, ["status"] = status };

    private JsonObject Count(JsonObject body) => new() { ["count"] = _docs.Count(d => Matches(body["query"]!, d.Id, d.Source)) };

    private JsonObject Search(JsonObject body)
    {
        var size = body["size"]?.GetValue<int>() ?? 10;
        var includes = body["_source"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        var hits = new JsonArray();
        foreach (var (id, source, seqNo) in _docs.Where(d => Matches(body["query"]!, d.Id, d.Source)).Take(size))
        {
            var filtered = new JsonObject();
            foreach (var (key, value) in source.Where(p => includes is null || includes.Contains(p.Key)))
            {
                filtered[key] = value?.DeepClone();
            }

            hits.Add(new JsonObject
            {
                ["_index"] = Index, ["_id"] = id, ["_score"] = null, ["_seq_no"] = seqNo, ["_primary_term"] = 1, ["_source"] = filtered,
            });
        }

        return new JsonObject { ["hits"] = new JsonObject { ["hits"] = hits } };
    }

    private JsonObject Bulk(byte[] body)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = Parse(Encoding.UTF8.GetBytes(lines[i]))["update"]!.AsObject();
            var doc = Parse(Encoding.UTF8.GetBytes(lines[i + 1]))["doc"]!.AsObject();
            var id = action["_id"]!.GetValue<string>();
            var at = _docs.FindIndex(d => d.Id == id);
            if (action["_index"]?.GetValue<string>() != Index || at < 0)
            {
                throw new NotSupportedException($"update of unknown document [{action["_index"]}/{id}]");
            }

            if (ConcurrentWrites.Remove(id, out var theirs))
            {
                _docs[at].Source["embedding"] = new JsonArray(theirs.Select(x => (JsonNode)x).ToArray());
                _docs[at] = _docs[at] with { SeqNo = _docs[at].SeqNo + 1 };
            }

            var item = new JsonObject { ["_index"] = Index, ["_id"] = id };
            if (RejectIds.Contains(id))
            {
                item["status"] = 400;
                item["error"] = new JsonObject { ["type"] = "mapper_parsing_exception", ["reason"] = "failed to parse field [embedding]" };
            }
            else if (action["if_seq_no"]?.GetValue<long>() is { } expected && expected != _docs[at].SeqNo)
            {
                item["status"] = 409;
                item["error"] = new JsonObject { ["type"] = "version_conflict_engine_exception", ["reason"] = "seq_no mismatch" };
            }
            else
            {
                item["status"] = 200;
                if (!IgnoreWrites)
                {
                    foreach (var (key, value) in doc)
                    {
                        _docs[at].Source[key] = value?.DeepClone();
                    }

                    _docs[at] = _docs[at] with { SeqNo = _docs[at].SeqNo + 1 };
                }
            }

            items.Add(new JsonObject { ["update"] = item });
        }

        return new JsonObject { ["errors"] = items.Any(x => x!["update"]!["status"]!.GetValue<int>() >= 300), ["items"] = items };
    }

    private static bool Matches(JsonNode query, string id, JsonObject source)
    {
        var (type, body) = query.AsObject().Single();
        return type switch
        {
            "match_all" => true,
            "exists" => Exists(source, body!["field"]!.GetValue<string>()),
            "ids" => body!["values"]!.AsArray().Any(v => v!.GetValue<string>() == id),
            "bool" => Bool(body!.AsObject(), id, source),
            _ => throw new NotSupportedException($"unknown query [{type}]"),
        };
    }

    private static bool Bool(JsonObject body, string id, JsonObject source)
    {
        static IEnumerable<JsonNode> Clauses(JsonNode? n) => n is JsonArray a ? a.Select(x => x!) : n is null ? [] : [n];
        foreach (var key in body.Select(p => p.Key).Where(k => k is not ("must" or "filter" or "must_not" or "should" or "minimum_should_match")))
        {
            throw new NotSupportedException($"unknown bool key [{key}]");
        }

        var should = Clauses(body["should"]).ToList();
        var minimum = body["minimum_should_match"]?.GetValue<int>() ?? (body["must"] is null && body["filter"] is null && should.Count > 0 ? 1 : 0);
        return Clauses(body["must"]).Concat(Clauses(body["filter"])).All(q => Matches(q, id, source)) &&
            !Clauses(body["must_not"]).Any(q => Matches(q, id, source)) &&
            should.Count(q => Matches(q, id, source)) >= minimum;
    }

    private static bool Exists(JsonObject source, string field) =>
        source.TryGetPropertyValue(field, out var v) && v is not null && v is not JsonArray { Count: 0 };
}
