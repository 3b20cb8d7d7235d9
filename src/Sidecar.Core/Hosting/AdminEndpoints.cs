using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Configuration;
using Sidecar.Diagnostics;
using Sidecar.Personalization;
using Sidecar.Proxy;

namespace Sidecar.Hosting;

/// <summary>
/// The sidecar's own HTTP surface under <c>/_rerank/</c> (no Elasticsearch index name can start with
/// '_', so nothing collides): <c>health</c> (liveness), <c>ready</c> (readiness), <c>metrics</c> (Prometheus),
/// <c>config</c> (admin), <c>events</c> and <c>users/{id}</c> (personalization, admin key).
/// New endpoints go in the switch below.
/// </summary>
public sealed class AdminEndpoints
{
    private readonly ConfigProvider _config;
    private readonly UpstreamClient _upstream;
    private readonly AdminAuth _auth;

    private readonly PrometheusExporter _exporter;
    private readonly EventsEndpoint _events;
    private readonly UsersEndpoint _users;

    public AdminEndpoints(ConfigProvider config, UpstreamClient upstream, AdminAuth auth, PrometheusExporter exporter, EventsEndpoint events,
        UsersEndpoint users)
    {
        _events = events;
        _users = users;
        _exporter = exporter;
        _config = config;
        _upstream = upstream;
        _auth = auth;
    }

    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimEnd('/');
        var method = context.Request.Method;
        return path switch
        {
            "/_rerank/health" when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => HealthAsync(context),
            "/_rerank/ready" when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => ReadyAsync(context),
            "/_rerank/config" when HttpMethods.IsGet(method) => Protected(context, ConfigAsync),
            "/_rerank/metrics" when HttpMethods.IsGet(method) => MetricsAsync(context),
            "/_rerank/events" when HttpMethods.IsPost(method) => Protected(context, _events.HandleAsync),
            _ when path.StartsWith(UsersEndpoint.Prefix, StringComparison.Ordinal) && HttpMethods.IsDelete(method) =>
                Protected(context, _users.DeleteAsync),
            "/_rerank/events" => EsError.WriteAsync(context, 405, "method_not_allowed", $"{method} is not allowed on {path}"),
            _ when path.StartsWith(UsersEndpoint.Prefix, StringComparison.Ordinal) =>
                EsError.WriteAsync(context, 405, "method_not_allowed", $"{method} is not allowed on {path}"),
            "/_rerank/health" or "/_rerank/ready" or "/_rerank/config" =>
                EsError.WriteAsync(context, 405, "method_not_allowed", $"{method} is not allowed on {path}"),
            _ => EsError.WriteAsync(context, 404, "resource_not_found_exception", $"no sidecar endpoint {path}"),
        };
    }

    private Task Protected(HttpContext context, Func<HttpContext, Task> handler)
    {
        if (!_auth.IsConfigured)
        {
            return EsError.WriteAsync(context, 403, "security_exception",
                "admin endpoints are disabled: no admin API key is configured (admin.api_key_env / admin.api_key_file)");
        }

        return _auth.IsAuthorized(context.Request)
            ? handler(context)
            : EsError.WriteAsync(context, 401, "security_exception", $"missing or wrong {_auth.Header} header");
    }

    private async Task MetricsAsync(HttpContext context)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(_exporter.Export());
        context.Response.StatusCode = 200;
        context.Response.ContentType = _exporter.ContentType;
        context.Response.ContentLength = text.Length;
        await context.Response.Body.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task HealthAsync(HttpContext context) => WriteJsonAsync(context, 200, w =>
    {
        w.WriteString("status"u8, "ok");
    });

    private async Task ReadyAsync(HttpContext context)
    {
        var upstreamOk = false;
        string? problem = null;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            cts.CancelAfter(TimeSpan.FromSeconds(2));
            using var request = new HttpRequestMessage(HttpMethod.Head, _upstream.Prefix + "/");
            using var response = await _upstream.Invoker.SendAsync(request, cts.Token).ConfigureAwait(false);
            upstreamOk = (int)response.StatusCode < 500; // 401/403 still proves Elasticsearch answers
            problem = upstreamOk ? null : $"upstream answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            problem = "upstream unreachable";
        }

        var options = _config.Current;
        await WriteJsonAsync(context, upstreamOk ? 200 : 503, w =>
        {
            w.WriteString("status"u8, upstreamOk ? "ready" : "not_ready");
            w.WriteBoolean("upstream"u8, upstreamOk);
            w.WriteBoolean("config"u8, true);
            w.WriteNumber("profiles"u8, options.Profiles.Count);
            if (problem is not null)
            {
                w.WriteString("reason"u8, problem);
            }
        }).ConfigureAwait(false);
    }

    private Task ConfigAsync(HttpContext context)
    {
        var o = _config.Current;
        return WriteJsonAsync(context, 200, w =>
        {
            w.WriteString("source"u8, o.Source);
            w.WriteString("upstream"u8, o.Upstream.Url.GetLeftPart(UriPartial.Path));
            w.WriteStartArray("profiles"u8);
            foreach (var p in o.Profiles)
            {
                w.WriteStartObject();
                w.WriteString("name"u8, p.Name);
                w.WriteStartArray("indices"u8);
                foreach (var i in p.Indices)
                {
                    w.WriteStringValue(i.ToString());
                }

                w.WriteEndArray();
                w.WriteNumber("window"u8, p.Window);
                w.WriteNumber("budget_ms"u8, p.BudgetMs);
                w.WriteStartArray("features"u8);
                foreach (var f in p.Reranker.Features)
                {
                    w.WriteStartObject();
                    w.WriteString("name"u8, f.Name);
                    w.WriteString("type"u8, f.Type);
                    w.WriteNumber("weight"u8, f.Weight);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        context.Response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
