using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Diagnostics;
using Sidecar.Personalization;
using Sidecar.Proxy;
using Sidecar.Search;

namespace Sidecar.Hosting;

/// <summary>Builds the sidecar web application from a validated configuration. Used by the executable and by tests.</summary>
public static class SidecarHost
{
    public static WebApplication Build(SidecarOptions options, SidecarRuntime runtime)
    {
        runtime.ItemCache.Resize(options.ItemCacheSize);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Server.ManagementListen is { } management ? [options.Server.Listen, management] : [options.Server.Listen]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.Server.MaxRequestBodyBytes;
            // Kestrel answers its own header-limit violations with an empty 431. Its limit is set well above the
            // sidecar's, so that SidecarRouter answers oversized headers with an Elasticsearch-shaped error instead.
            k.Limits.MaxRequestHeadersTotalSize = Math.Max(k.Limits.MaxRequestHeadersTotalSize, SidecarRouter.MaxHeaderBytes * 8);
            k.Limits.MaxResponseBufferSize = options.Server.ResponseBufferBytes;
            // Upstream header values with obs-text (bytes 0x80-0xFF) are relayed byte for byte instead of failing the answer.
            k.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.Latin1;
        });
        // server.inline_io: requests are processed on the thread that read them (the socket's I/O thread when inline
        // completions are on, see IoThreads); the router moves everything but pass-through to the worker pool.
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = options.Server.InlineIo);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.Server.ShutdownTimeoutSeconds));
        // The framework's per-request log lines carry the URL (e.g. DELETE /_rerank/users/{user id}, ?q=...): never log them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (runtime.Logging is { } logging)
        {
            logging(builder.Logging);
        }
        else if (Environment.GetEnvironmentVariable("SIDECAR_LOG_FORMAT") == "json")
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }

        var metrics = new SidecarMetrics();
        var listeners = new ListenerMap();
        builder.Services.AddSingleton(listeners);
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(runtime.Time);
        builder.Services.AddSingleton(new ConfigProvider(options));
        builder.Services.AddSingleton(runtime.Models);
        builder.Services.AddSingleton(runtime.ItemCache);
        if (runtime.WatchConfigFile)
        {
            builder.Services.AddSingleton(sp =>
            {
                var watcher = new ConfigWatcher(sp.GetRequiredService<ConfigProvider>(), runtime.Loader.LoadFile,
                    sp.GetRequiredService<ILogger<ConfigWatcher>>()) { LastFromFile = runtime.FromFile ?? options };
                watcher.Reloaded += metrics.ConfigReload;
                return watcher;
            });
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ConfigWatcher>());
        }

        builder.Services.AddSingleton(new UpstreamClient(options.Upstream));
        builder.Services.AddSingleton(new AdminAuth(options.Admin));
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(sp => new PrometheusExporter(metrics.Meter));
        metrics.Gauge("sidecar_allocated_bytes", "Bytes allocated on the managed heap since start (GC.GetTotalAllocatedBytes): divide a difference by the requests in between for the allocation per request",
            () => GC.GetTotalAllocatedBytes(precise: true));
        metrics.Gauge("sidecar_item_embedding_cache_entries", "Item vectors held in memory", () => runtime.ItemCache.Count);
        metrics.Gauge("sidecar_item_embedding_cache_hit_ratio", "Share of item-vector lookups served by the in-memory cache",
            () => runtime.ItemCache.Statistics.HitRatio);
        metrics.Gauge("sidecar_query_embedding_cache_hit_ratio", "Share of query embeddings served from the LRU cache",
            () => runtime.Models.Loaded.OfType<Sidecar.Embeddings.OnnxTextEmbedder>().Select(e => e.QueryCacheStatistics.HitRatio).DefaultIfEmpty(0).Average());
        builder.Services.AddSingleton(sp => new Resilience.UpstreamPipelines(options.Resilience, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<PassThroughForwarder>();
        builder.Services.AddSingleton<Enrichment.ItemVectorResolver>();
        builder.Services.AddSingleton<SearchInterceptor>();
        builder.Services.AddPersonalization(options);
        builder.Services.AddSingleton<Enrichment.WriteEnrichmentHandler>();
        builder.Services.AddSingleton<AdminEndpoints>();
        builder.Services.AddSingleton<SidecarRouter>();

        var app = builder.Build();
        var pipelines = app.Services.GetRequiredService<Resilience.UpstreamPipelines>();
        metrics.Gauge("sidecar_upstream_breaker_state", "Upstream circuit breaker: 0 closed, 1 half-open, 2 open, 3 isolated",
            () => pipelines.BreakerStateValue);
        var router = app.Services.GetRequiredService<SidecarRouter>();
        app.Run(router.HandleAsync);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
            listeners.ClientPort = bound.Length > 0 ? new Uri(bound[0]).Port : null;
            listeners.ManagementPort = options.Server.ManagementListen is not null && bound.Length > 1 ? new Uri(bound[1]).Port : null;
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Server.Listen;
            Log.Started(app.Logger, address, options.Upstream.Url.GetLeftPart(UriPartial.Authority), options.Profiles.Count, options.Source);
        });
        return app;
    }

    /// <summary>The address Kestrel actually bound (resolves port 0); <paramref name="index"/> 1 is the management listener.</summary>
    public static Uri BoundAddress(WebApplication app, int index = 0)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.ElementAt(index);
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }
}
