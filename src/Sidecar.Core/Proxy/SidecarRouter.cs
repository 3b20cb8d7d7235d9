using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Diagnostics;
using Sidecar.Enrichment;
using Sidecar.Hosting;
using Sidecar.Ranking;
using Sidecar.Search;

namespace Sidecar.Proxy;

/// <summary>
/// Stage 1 of every request: the sidecar's own endpoint (<c>/_rerank/...</c>), an intercepted search
/// (<c>GET|POST /{target}/_search</c> on a target a profile covers), or pass-through.
/// </summary>
public sealed class SidecarRouter
{
    private readonly ConfigProvider _config;
    private readonly AdminEndpoints _admin;
    private readonly SearchInterceptor _search;
    private readonly PassThroughForwarder _passThrough;
    private readonly WriteEnrichmentHandler _enrichment;
    private readonly SidecarMetrics _metrics;
    private readonly ListenerMap _listeners;
    private readonly ILogger<SidecarRouter> _logger;

    public SidecarRouter(ConfigProvider config, AdminEndpoints admin, SearchInterceptor search, PassThroughForwarder passThrough,
        WriteEnrichmentHandler enrichment, SidecarMetrics metrics, ListenerMap listeners, ILogger<SidecarRouter> logger)
    {
        _listeners = listeners;
        _metrics = metrics;
        _enrichment = enrichment;
        _config = config;
        _admin = admin;
        _search = search;
        _passThrough = passThrough;
        _logger = logger;
    }

    /// <summary>Largest total size of request headers accepted (names + values), as Elasticsearch's default 16 KiB x 2.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var route = "passthrough";
        RerankProfile? searched = null;
        try
        {
            if (HeaderBytes(context.Request.Headers) > MaxHeaderBytes)
            {
                await EsError.WriteAsync(context, 431, "too_long_http_header_exception",
                    $"request headers are larger than {MaxHeaderBytes} bytes").ConfigureAwait(false);
                return;
            }

            var path = context.Request.Path.Value ?? "/";
            var own = path.StartsWith("/_rerank/", StringComparison.Ordinal) || path == "/_rerank";
            if (_listeners.Split && own != _listeners.IsManagement(context.Connection.LocalPort))
            {
                // With a management listener, /_rerank/ lives only there and Elasticsearch traffic only on the client port.
                route = "admin";
                await EsError.WriteAsync(context, 404, "resource_not_found_exception",
                    own ? "the sidecar's endpoints are served on the management listener" : "this is the sidecar's management listener")
                    .ConfigureAwait(false);
                return;
            }

            if (own)
            {
                route = "admin";
                await IoThreads.LeaveAsync();
                await _admin.HandleAsync(context).ConfigureAwait(false);
                return;
            }

            var options = _config.Current;
            if (IsSearchMethod(context.Request.Method) && TryGetSearchTarget(path, out var target) &&
                FindProfile(options, target) is { } profile)
            {
                route = "search";
                searched = profile;
                await IoThreads.LeaveAsync(); // analysis, inference and reranking run on the worker pool; pass-through stays on the I/O thread
                await _search.HandleAsync(context, options, profile, target).ConfigureAwait(false);
                return;
            }

            if (WriteEnrichmentHandler.Applies(options, context.Request.Method, path, out var index, out var kind))
            {
                route = "write";
                await IoThreads.LeaveAsync();
                await _enrichment.HandleAsync(context, options, index, kind).ConfigureAwait(false);
                return;
            }

            await _passThrough.ForwardAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            Log.BadRequest(_logger, e.Message);
            var type = e.StatusCode == 413 ? "request_entity_too_large_exception" : "illegal_argument_exception";
            await EsError.WriteAsync(context, e.StatusCode, type, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            Record(context, route, searched, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Record(HttpContext context, string route, RerankProfile? profile, TimeSpan elapsed)
    {
        string outcome;
        if (profile is not null && context.Response.Headers[ProxyHeaders.Rerank].ToString() is { Length: > 0 } rerank)
        {
            var reason = rerank.IndexOf("reason=", StringComparison.Ordinal);
            outcome = reason >= 0 ? rerank[(reason + 7)..]
                : rerank.Contains("personalization=unavailable", StringComparison.Ordinal) ? "personalization_unavailable" // fail-open, counted by reason
                : rerank.Contains("item_vectors=unavailable", StringComparison.Ordinal) ? "item_vectors_unavailable"
                : rerank.StartsWith("applied", StringComparison.Ordinal) ? "applied" : rerank;
            _metrics.Outcome(profile.Name, outcome);
        }
        else
        {
            outcome = context.Response.StatusCode switch
            {
                < 300 => "2xx",
                < 400 => "3xx",
                < 500 => "4xx",
                _ => "5xx",
            };
        }

        _metrics.Request(route, outcome, elapsed);
    }

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            total += name.Length;
            foreach (var v in values)
            {
                total += v?.Length ?? 0;
            }
        }

        return total;
    }

    /// <summary>Matches <c>/{target}/_search</c> where target is an index expression (not another API).</summary>
    internal static bool TryGetSearchTarget(string path, out string target)
    {
        target = string.Empty;
        if (!path.EndsWith("/_search", StringComparison.Ordinal) && !path.EndsWith("/_search/", StringComparison.Ordinal))
        {
            return false;
        }

        var trimmed = path.AsSpan(1, path.Length - 1).TrimEnd('/');
        var slash = trimmed.IndexOf('/');
        if (slash <= 0 || !trimmed[(slash + 1)..].SequenceEqual("_search"))
        {
            return false;
        }

        var t = trimmed[..slash];
        if (t[0] == '_' && !t.SequenceEqual("_all"))
        {
            return false;
        }

        target = t.ToString();
        return true;
    }

    private static RerankProfile? FindProfile(SidecarOptions options, string target)
    {
        foreach (var p in options.Profiles)
        {
            if (p.MatchesTarget(target))
            {
                return p;
            }
        }

        return null;
    }

    private static bool IsSearchMethod(string method) => HttpMethods.IsGet(method) || HttpMethods.IsPost(method);
}
