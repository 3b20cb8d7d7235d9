using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Resilience;

/// <summary>
/// A real sidecar in front of a programmable <see cref="EchoUpstream"/>, with small resilience timeouts so the
/// fault matrix runs in seconds, and a log capture. One per test: breaker state and model slots are per host.
/// </summary>
internal sealed class FaultHarness : IAsyncDisposable
{
    /// <summary>The small timeouts the fault matrix runs with (see docs/fault-matrix.md).</summary>
    public const string ResilienceYaml = """
        resilience:
          search: { attempt_timeout_ms: 300, total_timeout_ms: 800, retries: 2, retry_backoff_ms: 10 }
          breaker: { minimum_throughput: 4, sampling_ms: 2000, break_ms: 600 }
        """;

    /// <summary>
    /// The same breaker with attempt timeouts that a loaded 2-core machine cannot trip by accident, for the rows whose
    /// subject is not a timeout (retries, breaker, garbage, model, profile store, credentials).
    /// </summary>
    public const string RelaxedResilienceYaml = """
        resilience:
          search: { attempt_timeout_ms: 3000, total_timeout_ms: 8000, retries: 2, retry_backoff_ms: 10 }
          breaker: { minimum_throughput: 4, sampling_ms: 2000, break_ms: 600 }
        """;

    public const string SearchBody = """{"size":10,"query":{"match":{"title":"phone"}}}""";

    private FaultHarness(EchoUpstream upstream, SidecarServer sidecar, CapturingLoggerProvider logs)
    {
        Upstream = upstream;
        Sidecar = sidecar;
        Logs = logs;
    }

    public EchoUpstream Upstream { get; }

    public SidecarServer Sidecar { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Requests that reached the upstream on a search path (<c>/products/_search</c>).</summary>
    public int UpstreamSearches => Upstream.Requests.Count(r => r.Target.StartsWith("/products/_search", StringComparison.Ordinal));

    public static async Task<FaultHarness> StartAsync(string? profiles = null, string? extraYaml = null, string? serverYaml = null,
        Func<Sidecar.Embeddings.EmbeddingModelOptions, Sidecar.Embeddings.ITextEmbedder>? embedder = null, Uri? upstreamUri = null,
        string? upstreamYaml = null, int upstreamTimeoutMs = 10000, bool smallTimeouts = true, bool strictTimeouts = false)
    {
        var upstream = await EchoUpstream.StartAsync();
        upstream.Handler = CannedSearch;
        var logs = new CapturingLoggerProvider();
        var sidecar = await SidecarServer.StartAsync(upstreamUri ?? upstream.BaseUri, profiles, (smallTimeouts ? (strictTimeouts ? ResilienceYaml : RelaxedResilienceYaml) + "\n" : null) + extraYaml, embedder: embedder,
            serverYaml: serverYaml, logging: logs.Install, upstreamYaml: upstreamYaml, upstreamTimeoutMs: upstreamTimeoutMs);
        return new FaultHarness(upstream, sidecar, logs);
    }

    /// <summary>The default upstream answer: a 100-hit search response, as Elasticsearch sends it.</summary>
    public static async Task CannedSearch(HttpContext ctx, EchoUpstream.Recorded _)
    {
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(Fixtures.Response(100), ctx.RequestAborted);
    }

    public async Task<Reply> SearchAsync(string body = SearchBody, Action<HttpRequestMessage>? configure = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/_search")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        configure?.Invoke(request);
        return await SendAsync(request, client);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request, HttpClient? client = null)
    {
        var watch = Stopwatch.StartNew();
        using var response = await (client ?? Sidecar.Client).SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        watch.Stop();
        var rerank = response.Headers.TryGetValues("X-Rerank", out var values) ? values.Single() : null;
        return new Reply(response.StatusCode, rerank, bytes, watch.Elapsed);
    }

    public async Task<string> MetricsAsync()
    {
        if (Sidecar.ManagementUri is { } m)
        {
            using var management = new HttpClient { BaseAddress = m };
            return await MetricsScrape.TextAsync(management);
        }

        return await MetricsScrape.TextAsync(Sidecar.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    public sealed record Reply(HttpStatusCode Status, string? Rerank, byte[] Body, TimeSpan Elapsed)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        /// <summary>Asserts an Elasticsearch-shaped error (<c>{"error":{"root_cause":[..],"type","reason"},"status"}</c>) and returns error.type.</summary>
        public string AssertElasticsearchError(int status)
        {
            Assert.Equal(status, (int)Status);
            using var doc = JsonDocument.Parse(Body);
            var error = doc.RootElement.GetProperty("error");
            Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));
            Assert.Equal(JsonValueKind.Array, error.GetProperty("root_cause").ValueKind);
            return error.GetProperty("type").GetString()!;
        }

        public string[] Ids() => Fixtures.Ids(Text);
    }
}
