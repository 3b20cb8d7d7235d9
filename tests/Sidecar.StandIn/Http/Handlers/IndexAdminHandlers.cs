using System.Globalization;
using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>Create / get / delete index, mappings, settings and refresh.</summary>
public sealed class IndexAdminHandlers
{
    private readonly IndexRegistry _registry;

    public IndexAdminHandlers(IndexRegistry registry) => _registry = registry;

    public void Register(Router router) => router
        .Map("PUT", "/{index}", Create)
        .Map("GET", "/{index}", Get)
        .Map("HEAD", "/{index}", Exists)
        .Map("DELETE", "/{index}", Delete)
        .Map("GET", "/_mapping", GetMapping)
        .Map("GET", "/{index}/_mapping", GetMapping)
        .Map("PUT,POST", "/{index}/_mapping", PutMapping)
        .Map("GET", "/_settings", GetSettings)
        .Map("GET", "/{index}/_settings", GetSettings)
        .Map("GET,POST", "/_refresh", Refresh)
        .Map("GET,POST", "/{index}/_refresh", Refresh);

    private EsResponse Create(EsRequest request)
    {
        var name = request.Route("index");
        using var body = request.ParseBodyObject(required: false);
        JsonElement? settings = null;
        ParsedMapping? mapping = null;
        if (body is not null)
        {
            foreach (var prop in body.RootElement.EnumerateObject())
            {
                switch (prop.Name)
                {
                    case "settings":
                        settings = prop.Value;
                        break;
                    case "mappings":
                        mapping = MappingParser.Parse(prop.Value);
                        break;
                    case "aliases":
                        if (prop.Value.ValueKind == JsonValueKind.Object && prop.Value.EnumerateObject().Any())
                        {
                            throw EsErrors.NotSupported("aliases");
                        }

                        break;
                    default:
                        throw EsErrors.Parsing($"unknown key [{prop.Name}] for create index");
                }
            }
        }

        _registry.Create(name, new IndexSettings(settings), mapping);
        return EsResponse.Acknowledged(extraShards: true, index: name);
    }

    private EsResponse Get(EsRequest request)
    {
        var indices = _registry.Resolve(request.Route("index"), request.Flag("ignore_unavailable"));
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            foreach (var index in indices)
            {
                w.WritePropertyName(index.Name);
                w.WriteStartObject();
                w.WritePropertyName("aliases");
                w.WriteStartObject();
                w.WriteEndObject();
                w.WritePropertyName("mappings");
                MappingWriter.Write(w, index.Mapping.Current);
                w.WritePropertyName("settings");
                WriteSettings(w, index);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    private EsResponse Exists(EsRequest request)
    {
        try
        {
            return EsResponse.Empty(_registry.Resolve(request.Route("index")).Count > 0 ? 200 : 404);
        }
        catch (EsException e) when (e.Status == 404)
        {
            return EsResponse.Empty(404);
        }
    }

    private EsResponse Delete(EsRequest request)
    {
        var names = request.Route("index").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Any(n => n.Contains('*', StringComparison.Ordinal) || n == "_all"))
        {
            throw EsErrors.IllegalArgument("Wildcard expressions or all indices are not allowed");
        }

        foreach (var name in names)
        {
            _registry.Get(name);
        }

        foreach (var name in names)
        {
            _registry.Delete(name);
        }

        return EsResponse.Acknowledged();
    }

    private EsResponse GetMapping(EsRequest request)
    {
        var indices = _registry.Resolve(request.RouteValues.GetValueOrDefault("index"), request.Flag("ignore_unavailable"));
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            foreach (var index in indices)
            {
                w.WritePropertyName(index.Name);
                w.WriteStartObject();
                w.WritePropertyName("mappings");
                MappingWriter.Write(w, index.Mapping.Current);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    private EsResponse PutMapping(EsRequest request)
    {
        var indices = _registry.Resolve(request.Route("index"));
        using var body = request.ParseBodyObject(required: true)!;
        var parsed = MappingParser.Parse(body.RootElement);
        foreach (var index in indices)
        {
            index.Mapping.Merge(parsed);
        }

        return EsResponse.Acknowledged();
    }

    private EsResponse GetSettings(EsRequest request)
    {
        var indices = _registry.Resolve(request.RouteValues.GetValueOrDefault("index"), request.Flag("ignore_unavailable"));
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            foreach (var index in indices)
            {
                w.WritePropertyName(index.Name);
                w.WriteStartObject();
                w.WritePropertyName("settings");
                WriteSettings(w, index);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    private EsResponse Refresh(EsRequest request)
    {
        var indices = _registry.Resolve(request.RouteValues.GetValueOrDefault("index"), request.Flag("ignore_unavailable"));
        foreach (var index in indices)
        {
            index.Refresh();
        }

        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            WriteResultWriter.WriteShards(w, indices.Sum(i => 1 + i.Settings.Replicas), indices.Count);
            w.WriteEndObject();
        });
    }

    private static void WriteSettings(Utf8JsonWriter w, StandInIndex index)
    {
        w.WriteStartObject();
        w.WritePropertyName("index");
        var extra = new Dictionary<string, string>
        {
            ["index.provided_name"] = index.Name,
            ["index.creation_date"] = index.CreationDate.ToString(CultureInfo.InvariantCulture),
            ["index.uuid"] = index.Uuid,
            ["index.version.created"] = "9009000",
        };
        using var buffer = new MemoryStream();
        using (var inner = new Utf8JsonWriter(buffer, Sidecar.StandIn.Json.JsonWriting.Compact))
        {
            index.Settings.Write(inner, extra);
        }

        using var doc = JsonDocument.Parse(buffer.ToArray());
        doc.RootElement.GetProperty("index").WriteTo(w);
        w.WriteEndObject();
    }
}
