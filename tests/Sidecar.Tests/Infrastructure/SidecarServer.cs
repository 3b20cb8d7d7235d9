using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Hosting;
using Sidecar.Ranking.Features;

namespace Sidecar.Tests.Infrastructure;

/// <summary>A real sidecar (the same host the executable builds) on 127.0.0.1:0 in front of a given upstream.</summary>
internal sealed class SidecarServer : IAsyncDisposable
{
    public const string DefaultProfiles = """
        profiles:
          - name: products
            indices: [products, "catalog-*"]
            window: 100
            features:
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: rating, type: numeric_field, field: rating, weight: 0.5 }
        """;

    private readonly WebApplication _app;
    private int _stopped;

    private SidecarServer(WebApplication app, Uri baseUri, Uri? managementUri)
    {
        _app = app;
        BaseUri = baseUri;
        ManagementUri = managementUri;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = baseUri };
    }

    public Uri BaseUri { get; }

    /// <summary>The management listener's address when <c>server.management_listen</c> is configured.</summary>
    public Uri? ManagementUri { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SidecarServer> StartAsync(Uri upstream, string? yaml = null, string? extraYaml = null, long maxBodyBytes = 104857600,
        Func<Sidecar.Embeddings.EmbeddingModelOptions, Sidecar.Embeddings.ITextEmbedder>? embedder = null, string? serverYaml = null,
        TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, string? upstreamYaml = null, int upstreamTimeoutMs = 10000)
    {
        var text = $"""
            server:
              listen: http://127.0.0.1:0
              max_request_body_bytes: {maxBodyBytes}
            {serverYaml}
            upstream:
              url: {upstream}
              timeout_ms: {upstreamTimeoutMs}
            {upstreamYaml}
            {extraYaml}
            {yaml ?? DefaultProfiles}
            """;
        var runtime = new SidecarRuntime(embedderFactory: embedder) { Time = time ?? TimeProvider.System, Logging = logging ?? (l => l.ClearProviders().SetMinimumLevel(LogLevel.Warning)) };
        var options = runtime.Loader.Load(text, "test");
        var app = SidecarHost.Build(options, runtime);
        await app.StartAsync();
        return new SidecarServer(app, SidecarHost.BoundAddress(app), options.Server.ManagementListen is null ? null : SidecarHost.BoundAddress(app, 1));
    }

    /// <summary>Stops the host as the executable does on SIGTERM: stop accepting, drain in-flight requests (server.shutdown_timeout_s).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }
}
