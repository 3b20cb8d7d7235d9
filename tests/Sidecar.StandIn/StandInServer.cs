using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sidecar.StandIn.Http;
using Sidecar.StandIn.Indexing;

namespace Sidecar.StandIn;

/// <summary>
/// A fake Elasticsearch 9 HTTP server backed by in-memory Lucene.NET indices, for tests, the demo and
/// benchmarks. Start with <see cref="StartAsync"/>, point a client at <see cref="BaseUri"/>.
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IndexRegistry _registry;
    private readonly RequestLog _log;
    private int _disposed;

    private StandInServer(WebApplication app, IndexRegistry registry, RequestLog log, Uri baseUri)
    {
        _app = app;
        _registry = registry;
        _log = log;
        BaseUri = baseUri;
    }

    /// <summary>Base address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Snapshot of the last (up to 1000) requests received, oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> Received => _log.Snapshot();

    public void ClearReceived() => _log.Clear();

    /// <summary>
    /// Starts Kestrel on <paramref name="url"/> (port 0 picks a free port; several URLs may be separated by ';').
    /// </summary>
    public static async Task<StandInServer> StartAsync(string url = "http://127.0.0.1:0", CancellationToken ct = default)
    {
        Lucene.Net.Search.BooleanQuery.MaxClauseCount = 65_536;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MinRequestBodyDataRate = null;
            foreach (var endpoint in url.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var uri = new Uri(endpoint.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
                if (uri.Scheme != Uri.UriSchemeHttp)
                {
                    throw new ArgumentException($"only http:// URLs are supported, got {endpoint}", nameof(url));
                }

                if (uri.Host == "localhost")
                {
                    options.ListenLocalhost(uri.Port);
                }
                else
                {
                    options.Listen(IPAddress.Parse(uri.Host), uri.Port);
                }
            }
        });

        var app = builder.Build();
        var registry = new IndexRegistry();
        var log = new RequestLog();
        var dispatcher = new RequestDispatcher(registry, log);
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            registry.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address = address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        return new StandInServer(app, registry, log, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await _app.DisposeAsync();
            _registry.Dispose();
        }
    }
}
