using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Search;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>_search, _count and _msearch.</summary>
public sealed class SearchHandlers
{
    private readonly IndexRegistry _registry;

    public SearchHandlers(IndexRegistry registry) => _registry = registry;

    public void Register(Router router) => router
        .Map("GET,POST", "/_search", Search)
        .Map("GET,POST", "/{index}/_search", Search)
        .Map("GET,POST", "/_count", Count)
        .Map("GET,POST", "/{index}/_count", Count)
        .Map("GET,POST", "/_msearch", MultiSearch)
        .Map("GET,POST", "/{index}/_msearch", MultiSearch);

    private EsResponse Search(EsRequest request)
    {
        var indices = _registry.Resolve(request.RouteValues.GetValueOrDefault("index"), request.Flag("ignore_unavailable"));
        using var body = request.ParseBody();
        var parsed = SearchRequestParser.Parse(body?.RootElement, request.Query);
        var result = SearchExecutor.Execute(indices, parsed);
        return EsResponse.Ok(w => SearchResponseWriter.Write(w, result));
    }

    private EsResponse Count(EsRequest request)
    {
        var indices = _registry.Resolve(request.RouteValues.GetValueOrDefault("index"), request.Flag("ignore_unavailable"));
        using var body = request.ParseBody();
        JsonElement? query = null;
        if (body is not null)
        {
            foreach (var prop in body.RootElement.EnumerateObject())
            {
                query = prop.Name == "query" ? prop.Value : throw EsErrors.Parsing($"request does not support [{prop.Name}]");
            }
        }

        var parsed = SearchRequestParser.Parse(null, request.Query);
        parsed.Query = query;
        var count = SearchExecutor.Count(indices, parsed);
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WritePropertyName("_shards");
            w.WriteStartObject();
            w.WriteNumber("total", indices.Count);
            w.WriteNumber("successful", indices.Count);
            w.WriteNumber("skipped", 0);
            w.WriteNumber("failed", 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private EsResponse MultiSearch(EsRequest request)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var lines = BulkLines.Split(request.Body);
        if (lines.Count == 0)
        {
            throw EsErrors.ActionRequestValidation("no requests added");
        }

        var outcomes = new List<(SearchResult? Result, EsException? Error)>();
        for (var i = 0; i < lines.Count; i += 2)
        {
            using var header = JsonParsing.Parse(lines[i]);
            if (i + 1 >= lines.Count)
            {
                throw EsErrors.IllegalArgument("The msearch request must be terminated by a newline [\\n]");
            }

            try
            {
                using var body = JsonParsing.Parse(lines[i + 1]);
                var p = new Dictionary<string, string>(request.Query);
                string? target = request.RouteValues.GetValueOrDefault("index");
                foreach (var prop in header.RootElement.EnumerateObject())
                {
                    if (prop.Name == "index")
                    {
                        target = string.Join(',', JsonValues.StringList(prop.Value, "index"));
                    }
                    else if (JsonValues.IsScalar(prop.Value))
                    {
                        p[prop.Name] = JsonValues.ScalarText(prop.Value);
                    }
                }

                var indices = _registry.Resolve(target, p.TryGetValue("ignore_unavailable", out var iu) && iu == "true");
                outcomes.Add((SearchExecutor.Execute(indices, SearchRequestParser.Parse(body.RootElement, p)), null));
            }
            catch (EsException e)
            {
                outcomes.Add((null, e));
            }
        }

        var took = watch.ElapsedMilliseconds;
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("took", took);
            w.WritePropertyName("responses");
            w.WriteStartArray();
            foreach (var (result, error) in outcomes)
            {
                if (result is not null)
                {
                    SearchResponseWriter.Write(w, result, status: 200);
                }
                else
                {
                    ErrorWriter.WriteResponse(w, error!);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
