using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Search;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>Single-document APIs: index, create, get, exists, delete, update, _source and _mget.</summary>
public sealed class DocumentHandlers
{
    private readonly IndexRegistry _registry;

    public DocumentHandlers(IndexRegistry registry) => _registry = registry;

    public void Register(Router router) => router
        .Map("PUT,POST", "/{index}/_doc/{id}", r => IndexDoc(r, r.Route("id"), r.Param("op_type") == "create"))
        .Map("POST", "/{index}/_doc", r => IndexDoc(r, null, false))
        .Map("PUT,POST", "/{index}/_create/{id}", r => IndexDoc(r, r.Route("id"), true))
        .Map("GET", "/{index}/_doc/{id}", r => GetDoc(r, sourceOnly: false))
        .Map("HEAD", "/{index}/_doc/{id}", Exists)
        .Map("GET", "/{index}/_source/{id}", r => GetDoc(r, sourceOnly: true))
        .Map("HEAD", "/{index}/_source/{id}", Exists)
        .Map("DELETE", "/{index}/_doc/{id}", DeleteDoc)
        .Map("POST", "/{index}/_update/{id}", UpdateDoc)
        .Map("GET,POST", "/_mget", MultiGet)
        .Map("GET,POST", "/{index}/_mget", MultiGet);

    private EsResponse IndexDoc(EsRequest request, string? id, bool createOnly)
    {
        RejectUnsupported(request);
        if (request.Param("op_type") is { } op && op is not ("create" or "index"))
        {
            throw EsErrors.IllegalArgument($"opType must be 'create' or 'index', found: [{op}]");
        }

        var index = _registry.GetOrCreate(request.Route("index"));
        if (!request.HasBody)
        {
            throw new EsException(400, "parse_exception", "request body is required");
        }

        using var doc = request.ParseBody()!;
        var result = index.Index(id, request.Body, doc.RootElement, createOnly,
            request.LongParam("if_seq_no"), request.LongParam("if_primary_term"));
        var forced = RefreshPolicy.Apply(request, [index]);
        return EsResponse.Of(result.Status, w =>
        {
            w.WriteStartObject();
            WriteResultWriter.WriteFields(w, index, result, forced);
            w.WriteEndObject();
        });
    }

    private EsResponse GetDoc(EsRequest request, bool sourceOnly)
    {
        var index = _registry.Get(request.Route("index"));
        var id = request.Route("id");
        var doc = index.Get(id);
        var filter = SourceFilter.FromUrl(request.Param("_source"), request.Param("_source_includes"),
            request.Param("_source_excludes")) ?? SourceFilter.All;
        if (sourceOnly)
        {
            return doc is null
                ? throw new EsException(404, "resource_not_found_exception", $"Document not found [{index.Name}]/[{id}]")
                : EsResponse.Ok(w => filter.Write(w, doc.Source));
        }

        return EsResponse.Of(doc is null ? 404 : 200, w => WriteGet(w, index.Name, id, doc, filter));
    }

    private EsResponse Exists(EsRequest request) =>
        EsResponse.Empty(_registry.TryGet(request.Route("index"), out var index) && index.Get(request.Route("id")) is not null ? 200 : 404);

    private EsResponse DeleteDoc(EsRequest request)
    {
        var index = _registry.Get(request.Route("index"));
        var result = index.Delete(request.Route("id"), request.LongParam("if_seq_no"), request.LongParam("if_primary_term"));
        var forced = RefreshPolicy.Apply(request, [index]);
        return EsResponse.Of(result.Status, w =>
        {
            w.WriteStartObject();
            WriteResultWriter.WriteFields(w, index, result, forced);
            w.WriteEndObject();
        });
    }

    private EsResponse UpdateDoc(EsRequest request)
    {
        var index = _registry.GetOrCreate(request.Route("index"));
        using var body = request.ParseBodyObject(required: true)!;
        var result = index.Update(request.Route("id"), UpdateSpec.Parse(body.RootElement),
            request.LongParam("if_seq_no"), request.LongParam("if_primary_term"));
        var forced = RefreshPolicy.Apply(request, [index]);
        return EsResponse.Of(result.Status, w =>
        {
            w.WriteStartObject();
            WriteResultWriter.WriteFields(w, index, result, forced);
            w.WriteEndObject();
        });
    }

    private EsResponse MultiGet(EsRequest request)
    {
        using var body = request.ParseBodyObject(required: true)!;
        var defaultIndex = request.RouteValues.GetValueOrDefault("index");
        var filter = SourceFilter.FromUrl(request.Param("_source"), request.Param("_source_includes"),
            request.Param("_source_excludes")) ?? SourceFilter.All;
        var requests = new List<(string? Index, string Id, SourceFilter Filter)>();
        if (body.RootElement.TryGetProperty("docs", out var docs))
        {
            foreach (var d in docs.EnumerateArray())
            {
                var idx = d.TryGetProperty("_index", out var i) ? i.GetString() : defaultIndex;
                var docFilter = d.TryGetProperty("_source", out var s) ? SourceFilter.Parse(s) : filter;
                requests.Add((idx, Json.JsonValues.ScalarText(d.GetProperty("_id")), docFilter));
            }
        }
        else if (body.RootElement.TryGetProperty("ids", out var ids))
        {
            requests.AddRange(ids.EnumerateArray().Select(id => (defaultIndex, Json.JsonValues.ScalarText(id), filter)));
        }
        else
        {
            throw EsErrors.ActionRequestValidation("no documents to get");
        }

        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("docs");
            w.WriteStartArray();
            foreach (var (indexName, id, docFilter) in requests)
            {
                if (indexName is null || !_registry.TryGet(indexName, out var index))
                {
                    w.WriteStartObject();
                    w.WriteString("_index", indexName ?? "_na_");
                    w.WriteString("_id", id);
                    w.WritePropertyName("error");
                    ErrorWriter.WriteError(w, EsErrors.IndexNotFound(indexName ?? "_na_"));
                    w.WriteEndObject();
                    continue;
                }

                WriteGet(w, index.Name, id, index.Get(id), docFilter);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteGet(Utf8JsonWriter w, string index, string id, StoredDoc? doc, SourceFilter filter)
    {
        w.WriteStartObject();
        w.WriteString("_index", index);
        w.WriteString("_id", id);
        if (doc is null)
        {
            w.WriteBoolean("found", false);
            w.WriteEndObject();
            return;
        }

        w.WriteNumber("_version", doc.Version);
        w.WriteNumber("_seq_no", doc.SeqNo);
        w.WriteNumber("_primary_term", 1);
        w.WriteBoolean("found", true);
        if (filter.Enabled)
        {
            w.WritePropertyName("_source");
            filter.Write(w, doc.Source);
        }

        w.WriteEndObject();
    }

    private static void RejectUnsupported(EsRequest request)
    {
        if (request.Param("pipeline") is not null)
        {
            throw EsErrors.NotSupported("pipeline");
        }

        if (request.Param("version_type") is "external" or "external_gte")
        {
            throw EsErrors.NotSupported("external versioning");
        }
    }
}
