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
        TimeProvider? time = null)
    {
        var text = $"""
            server:
              listen: http://127.0.0.1:0
              max_request_body_bytes: {maxBodyBytes}
            {serverYaml}
            upstream:
              url: {upstream}
              timeout_ms: 10000
            {extraYaml}
            {yaml ?? DefaultProfiles}
            """;
        var runtime = new SidecarRuntime(embedderFactory: embedder) { Time = time ?? TimeProvider.System, Logging = logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Warning) };
        var options = runtime.Loader.Load(text, "test");
        var app = SidecarHost.Build(options, runtime);
        await app.StartAsync();
        return new SidecarServer(app, SidecarHost.BoundAddress(app), options.Server.ManagementListen is null ? null : SidecarHost.BoundAddress(app, 1));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
