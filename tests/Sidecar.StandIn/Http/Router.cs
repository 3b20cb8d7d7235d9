using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Http;

/// <summary>
/// Matches requests to routes; literal segments win over parameters. A path known under other methods
/// answers 405, an unknown path answers 400 "no handler found", like Elasticsearch.
/// </summary>
public sealed class Router
{
    private readonly List<Route> _routes = [];

    public Router Map(string methods, string pattern, Func<EsRequest, EsResponse> handler)
    {
        _routes.Add(new Route(methods, pattern, handler));
        return this;
    }

    public EsResponse Dispatch(EsRequest request)
    {
        // Only the most specific path matches count (most literal segments), so that e.g. DELETE /_search
        // answers 405 instead of trying to delete an index called "_search".
        var bestScore = -1;
        foreach (var route in _routes)
        {
            bestScore = Math.Max(bestScore, route.Match(request.Segments));
        }

        if (bestScore < 0)
        {
            throw EsErrors.NoHandler(request.Path, request.Method);
        }

        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in _routes)
        {
            if (route.Match(request.Segments) != bestScore)
            {
                continue;
            }

            if (route.Methods.Contains(request.Method))
            {
                route.Bind(request);
                return route.Handler(request);
            }

            allowed.UnionWith(route.Methods);
        }

        throw EsErrors.MethodNotAllowed(request.Path, request.Method, allowed);
    }
}
