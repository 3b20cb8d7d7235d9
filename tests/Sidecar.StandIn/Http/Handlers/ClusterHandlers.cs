using System.Globalization;
using System.Text;
using Sidecar.StandIn.Indexing;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>GET / (cluster info), _cluster/health and _cat/indices.</summary>
public sealed class ClusterHandlers
{
    public const string Version = "9.1.0";
    private const string ClusterName = "sidecar-stand-in";
    private const string ClusterUuid = "c1sTQ9bZQ3uL1vC7mK2xYw";
    private readonly IndexRegistry _registry;

    public ClusterHandlers(IndexRegistry registry) => _registry = registry;

    public void Register(Router router) => router
        .Map("GET,HEAD", "/", Info)
        .Map("GET", "/_cluster/health", Health)
        .Map("GET", "/_cluster/health/{index}", Health)
        .Map("GET", "/_cat/indices", CatIndices)
        .Map("GET", "/_cat/indices/{index}", CatIndices);

    private EsResponse Info(EsRequest request) => EsResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", "stand-in-node-0");
        w.WriteString("cluster_name", ClusterName);
        w.WriteString("cluster_uuid", ClusterUuid);
        w.WritePropertyName("version");
        w.WriteStartObject();
        w.WriteString("number", Version);
        w.WriteString("build_flavor", "default");
        w.WriteString("build_type", "docker");
        w.WriteString("build_hash", "0000000000000000000000000000000000000000");
        w.WriteString("build_date", "2025-07-17T22:16:58.271Z");
        w.WriteBoolean("build_snapshot", false);
        w.WriteString("lucene_version", "10.2.2");
        w.WriteString("minimum_wire_compatibility_version", "8.19.0");
        w.WriteString("minimum_index_compatibility_version", "8.0.0");
        w.WriteEndObject();
        w.WriteString("tagline", "You Know, for Search");
        w.WriteEndObject();
    });

    private EsResponse Health(EsRequest request)
    {
        var indices = request.RouteValues.TryGetValue("index", out var target) ? _registry.Resolve(target) : _registry.All;
        var yellow = indices.Any(i => i.Settings.Replicas > 0);
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("cluster_name", ClusterName);
            w.WriteString("status", yellow ? "yellow" : "green");
            w.WriteBoolean("timed_out", false);
            w.WriteNumber("number_of_nodes", 1);
            w.WriteNumber("number_of_data_nodes", 1);
            w.WriteNumber("active_primary_shards", indices.Count);
            w.WriteNumber("active_shards", indices.Count);
            w.WriteNumber("relocating_shards", 0);
            w.WriteNumber("initializing_shards", 0);
            w.WriteNumber("unassigned_shards", indices.Sum(i => i.Settings.Replicas));
            w.WriteNumber("unassigned_primary_shards", 0);
            w.WriteNumber("delayed_unassigned_shards", 0);
            w.WriteNumber("number_of_pending_tasks", 0);
            w.WriteNumber("number_of_in_flight_fetch", 0);
            w.WriteNumber("task_max_waiting_in_queue_millis", 0);
            var total = indices.Sum(i => 1 + i.Settings.Replicas);
            w.WriteNumber("active_shards_percent_as_number", total == 0 ? 100.0 : 100.0 * indices.Count / total);
            w.WriteEndObject();
        });
    }

    private EsResponse CatIndices(EsRequest request)
    {
        var indices = request.RouteValues.TryGetValue("index", out var target) ? _registry.Resolve(target) : _registry.All;
        var rows = indices.Select(i => new[]
        {
            i.Settings.Replicas > 0 ? "yellow" : "green", "open", i.Name, i.Uuid, "1",
            i.Settings.Replicas.ToString(CultureInfo.InvariantCulture), i.LiveCount.ToString(CultureInfo.InvariantCulture), "0",
        }).ToList();
        string[] headers = ["health", "status", "index", "uuid", "pri", "rep", "docs.count", "docs.deleted"];
        if (request.Param("format") == "json")
        {
            return EsResponse.Ok(w =>
            {
                w.WriteStartArray();
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    for (var c = 0; c < headers.Length; c++)
                    {
                        w.WriteString(headers[c], row[c]);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        var text = new StringBuilder();
        if (request.Flag("v"))
        {
            text.AppendLine(string.Join(' ', headers));
        }

        foreach (var row in rows)
        {
            text.AppendLine(string.Join(' ', row));
        }

        return EsResponse.PlainText(200, text.ToString());
    }
}
