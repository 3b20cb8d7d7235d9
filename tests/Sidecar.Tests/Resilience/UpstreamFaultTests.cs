using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Resilience;

/// <summary>
/// Fault matrix, upstream rows: Elasticsearch slow, failing, dropping connections, answering garbage, or not
/// there at all. Each test checks what the client sees, what is logged and what is counted (docs/fault-matrix.md).
/// </summary>
public sealed class UpstreamFaultTests
{
    private const int UpstreamFailed = 2000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fault_UpstreamSlow_Is504ElasticsearchShaped()
    {
        await using var h = await FaultHarness.StartAsync(strictTimeouts: true);
        h.Upstream.Handler = async (ctx, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted);
            await FaultHarness.CannedSearch(ctx, _);
        };

        var reply = await h.SearchAsync();

        Assert.Equal("upstream_timeout_exception", reply.AssertElasticsearchError(504));
        Assert.Contains("within 300 ms", reply.Text, StringComparison.Ordinal); // the attempt timeout that fired, not the 800 ms total
        Assert.Null(reply.Rerank);
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(5), $"answered after {reply.Elapsed}: the attempt timeout is 300 ms");
        Assert.Equal(1, h.UpstreamSearches); // a timeout is not retried: the search may still be running upstream
        Assert.True(h.Logs.Has(UpstreamFailed));
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Requests("search", "5xx")));
    }

    [Fact]
    public async Task Fault_UpstreamSlow_PassThroughIs504AfterUpstreamTimeout()
    {
        await using var h = await FaultHarness.StartAsync(upstreamTimeoutMs: 400);
        h.Upstream.Handler = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted);

        var reply = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cluster/health"));

        Assert.Equal("upstream_timeout_exception", reply.AssertElasticsearchError(504));
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(8), $"answered after {reply.Elapsed}");
        Assert.True(h.Logs.Has(UpstreamFailed));
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Requests("passthrough", "5xx")));
    }

    [Fact]
    public async Task Fault_Upstream503ThenOk_IsRetriedAndApplied()
    {
        await using var h = await FaultHarness.StartAsync();
        var calls = 0;
        h.Upstream.Handler = async (ctx, r) =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                ctx.Response.StatusCode = 503;
                await ctx.Response.WriteAsync("""{"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"},"status":503}""");
                return;
            }

            await FaultHarness.CannedSearch(ctx, r);
        };

        var reply = await h.SearchAsync();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("applied", reply.Rerank);
        Assert.Equal(3, h.UpstreamSearches);
        var metrics = await h.MetricsAsync();
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Outcome("applied")));
        Assert.Equal(0, MetricsScrape.Value(metrics, MetricsScrape.BreakerState));
    }

    [Fact]
    public async Task Fault_Upstream503Persistent_OpensBreaker_FailsFastWithoutUpstream_ThenRecovers()
    {
        await using var h = await FaultHarness.StartAsync();
        var down = true;
        h.Upstream.Handler = async (ctx, r) =>
        {
            if (Volatile.Read(ref down))
            {
                ctx.Response.StatusCode = 503;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync("""{"error":{"type":"cluster_block_exception","reason":"blocked"},"status":503}""");
                return;
            }

            await FaultHarness.CannedSearch(ctx, r);
        };

        // 1. Elasticsearch's own 503 goes back as is after the retries (3 attempts, all counted by the breaker).
        var first = await h.SearchAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
        Assert.Equal("skipped; reason=upstream_status", first.Rerank);
        Assert.Contains("cluster_block_exception", first.Text, StringComparison.Ordinal);
        Assert.Equal(3, h.UpstreamSearches);

        // 2. Minimum throughput (4) reached with every call failed: the breaker opens.
        var second = await h.SearchAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal(2, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.BreakerState));

        // 3. While open: searches and pass-through fail fast, ES-shaped, without touching the upstream.
        var before = h.Upstream.Requests.Count;
        var fast = await h.SearchAsync();
        Assert.Equal("upstream_unavailable_exception", fast.AssertElasticsearchError(503));
        Assert.Contains("circuit open", fast.Text, StringComparison.Ordinal);
        Assert.True(fast.Elapsed < TimeSpan.FromSeconds(1), $"took {fast.Elapsed}"); // no upstream call at all (counted below)
        var passThrough = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cluster/health"));
        Assert.Equal("upstream_unavailable_exception", passThrough.AssertElasticsearchError(503));
        Assert.Equal(before, h.Upstream.Requests.Count);
        Assert.True(h.Logs.Has(UpstreamFailed));

        // 4. Upstream back; after break_ms (600) a probe goes through and closes the breaker.
        Volatile.Write(ref down, false);
        await Task.Delay(800, Ct);
        var recovered = await h.SearchAsync();
        Assert.Equal(HttpStatusCode.OK, recovered.Status);
        Assert.Equal("applied", recovered.Rerank);
        var again = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cluster/health"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var metrics = await h.MetricsAsync();
        Assert.Equal(0, MetricsScrape.Value(metrics, MetricsScrape.BreakerState));
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Outcome("upstream_status")));
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Outcome("applied")));
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Requests("passthrough", "5xx")));
    }

    [Fact]
    public async Task Fault_UpstreamDropsConnectionBeforeAnswering_Is502ElasticsearchShaped()
    {
        await using var h = await FaultHarness.StartAsync();
        h.Upstream.Handler = (ctx, _) =>
        {
            ctx.Abort();
            return Task.CompletedTask;
        };

        var search = await h.SearchAsync();
        Assert.Equal("upstream_unavailable_exception", search.AssertElasticsearchError(502));
        var passThrough = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cluster/health"));
        Assert.Equal("upstream_unavailable_exception", passThrough.AssertElasticsearchError(502));
        Assert.True(h.Logs.Has(UpstreamFailed));
        var metrics = await h.MetricsAsync();
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Requests("search", "5xx")));
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Requests("passthrough", "5xx")));
    }

    [Fact]
    public async Task Fault_UpstreamDropsConnectionMidResponse_SearchIs502_PassThroughIsCutOff()
    {
        await using var h = await FaultHarness.StartAsync();
        h.Upstream.Handler = async (ctx, _) =>
        {
            var full = Encoding.UTF8.GetBytes(Fixtures.Response(100));
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = full.Length;
            await ctx.Response.Body.WriteAsync(full.AsMemory(0, full.Length / 2), ctx.RequestAborted);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            ctx.Abort();
        };

        // Search: the body is buffered before anything is sent, so the client gets a clean 502.
        var search = await h.SearchAsync();
        Assert.Equal("upstream_unavailable_exception", search.AssertElasticsearchError(502));
        Assert.Equal(1, h.UpstreamSearches); // a cut-off answer is not retried

        // Pass-through streams: if the status and half the body are already on the wire, the client's read fails
        // (the connection is aborted, never a short body that looks complete); if not, the client gets a clean 502.
        try
        {
            using var response = await h.Sidecar.Client.GetAsync("/_cluster/health", HttpCompletionOption.ResponseHeadersRead, Ct);
            if (response.StatusCode == HttpStatusCode.BadGateway)
            {
                var reply = new FaultHarness.Reply(response.StatusCode, null, await response.Content.ReadAsByteArrayAsync(Ct), TimeSpan.Zero);
                Assert.Equal("upstream_unavailable_exception", reply.AssertElasticsearchError(502));
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var cutOff = await Assert.ThrowsAnyAsync<Exception>(async () => await response.Content.ReadAsByteArrayAsync(Ct));
                Assert.True(cutOff is HttpRequestException or IOException, cutOff.ToString());
            }
        }
        catch (HttpRequestException)
        {
            // aborted while the headers were being relayed: also a visible failure, never a silent short body
        }

        // The sidecar is unharmed.
        using var health = await h.Sidecar.Client.GetAsync("/_rerank/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(h.Logs.Has(UpstreamFailed));
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Requests("search", "5xx")));
    }

    public static TheoryData<string, string> GarbageBodies => new()
    {
        { "html", "<html><body>502 Bad Gateway (nginx)</body></html>" },
        { "truncated", Fixtures.Response(100)[..4000] },
        { "empty", "" },
        { "not a search response", """{"acknowledged":true}""" },
        { "hits not an array", """{"hits":{"hits":{"_id":"a"}}}""" },
        { "hit not an object", """{"hits":{"hits":[1,2,3]}}""" },
        { "binary", "\u0001\u0002\u00ff\ufffd{\"hits\"" },
        { "deep nesting", new string('[', 600) + new string(']', 600) },
    };

    [Theory]
    [MemberData(nameof(GarbageBodies))]
    public async Task Fault_UpstreamGarbage2xx_FallsBackToPassThroughReplay(string kind, string garbage)
    {
        await using var h = await FaultHarness.StartAsync();
        h.Upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(garbage, ctx.RequestAborted);
        };

        var reply = await h.SearchAsync();

        Assert.Equal(HttpStatusCode.OK, reply.Status); // never 5xx when upstream answered 2xx
        Assert.Equal("skipped; reason=unparseable_response", reply.Rerank);
        Assert.Equal(garbage, reply.Text);
        Assert.Equal(2, h.UpstreamSearches); // widened search, then the client's request replayed as is
        Assert.Equal(FaultHarness.SearchBody, Encoding.UTF8.GetString(h.Upstream.Last.Body));
        Assert.True(h.Logs.Has(2001), kind); // RerankSkipped (debug)
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Outcome("unparseable_response")));
    }

    [Fact]
    public async Task Fault_UpstreamRefusesConnections_Is502ElasticsearchShaped()
    {
        var port = FreePort();
        await using var h = await FaultHarness.StartAsync(upstreamUri: new Uri($"http://127.0.0.1:{port}/"));

        var search = await h.SearchAsync();
        Assert.Equal("upstream_unavailable_exception", search.AssertElasticsearchError(502));
        Assert.True(search.Elapsed < TimeSpan.FromSeconds(5), $"took {search.Elapsed}");
        var passThrough = await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cat/indices"));
        Assert.Equal("upstream_unavailable_exception", passThrough.AssertElasticsearchError(502));

        Assert.True(h.Logs.Has(UpstreamFailed));
        var metrics = await h.MetricsAsync();
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Requests("search", "5xx")));
        Assert.Equal(1, MetricsScrape.Value(metrics, MetricsScrape.Requests("passthrough", "5xx")));
        using var ready = await h.Sidecar.Client.GetAsync("/_rerank/ready", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    /// <summary>A loopback port nobody listens on (bound, then released).</summary>
    internal static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
