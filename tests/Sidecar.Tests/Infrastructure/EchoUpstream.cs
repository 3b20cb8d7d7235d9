using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A real HTTP upstream on 127.0.0.1 that records every request it receives (method, raw target,
/// headers, body hash) and answers with a programmable handler (default: an Elasticsearch-like JSON echo).
/// </summary>
internal sealed class EchoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoUpstream(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>Replaces the default echo answer; the body has already been read into <see cref="Recorded"/>.</summary>
    public Func<HttpContext, Recorded, Task>? Handler { get; set; }

    public Recorded Last => Requests.Last();

    public static async Task<EchoUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new EchoUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUri = new Uri(app.Urls.First() + "/");
        return upstream;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var ms = new MemoryStream();
        await context.Request.Body.CopyToAsync(ms);
        var body = ms.ToArray();
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        var recorded = new Recorded(
            context.Request.Method,
            target,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.Length,
            Convert.ToHexString(SHA256.HashData(body)),
            body);
        Requests.Enqueue(recorded);
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (Handler is { } handler)
        {
            await handler(context, recorded);
            return;
        }

        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartObject();
        w.WriteString("method", recorded.Method);
        w.WriteString("target", recorded.Target);
        w.WriteNumber("body_length", recorded.BodyLength);
        w.WriteEndObject();
        await w.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Recorded(string Method, string Target, IReadOnlyDictionary<string, string> Headers, long BodyLength, string BodySha256, byte[] Body);
}
