namespace Sidecar.StandIn.Http;

/// <summary>One route: HTTP methods, a path pattern such as <c>/{index}/_doc/{id}</c> and its handler.</summary>
public sealed class Route
{
    public Route(string methods, string pattern, Func<EsRequest, EsResponse> handler)
    {
        Methods = methods.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Pattern = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Handler = handler;
    }

    public IReadOnlyList<string> Methods { get; }

    public IReadOnlyList<string> Pattern { get; }

    public Func<EsRequest, EsResponse> Handler { get; }

    /// <summary>Number of literal segments matched, or -1 when the path does not match.</summary>
    public int Match(IReadOnlyList<string> segments)
    {
        if (segments.Count != Pattern.Count)
        {
            return -1;
        }

        var literals = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var p = Pattern[i];
            if (p.StartsWith('{'))
            {
                continue;
            }

            if (!string.Equals(p, segments[i], StringComparison.Ordinal))
            {
                return -1;
            }

            literals++;
        }

        return literals;
    }

    public void Bind(EsRequest request)
    {
        for (var i = 0; i < Pattern.Count; i++)
        {
            if (Pattern[i].StartsWith('{'))
            {
                request.RouteValues[Pattern[i][1..^1]] = request.Segments[i];
            }
        }
    }
}
