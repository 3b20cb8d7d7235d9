using System.Diagnostics;
using System.Net;

namespace Sidecar.Tests.Resilience;

/// <summary>Stopping the host (SIGTERM in production) lets in-flight requests finish within server.shutdown_timeout_s.</summary>
public sealed class GracefulShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/products/_search")]
    [InlineData("/_cluster/health")]
    public async Task Shutdown_InFlightSlowRequest_CompletesBeforeTheHostStops(string path)
    {
        await using var h = await FaultHarness.StartAsync(serverYaml: "  shutdown_timeout_s: 10", smallTimeouts: false);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Upstream.Handler = async (ctx, r) =>
        {
            arrived.TrySetResult();
            await Task.Delay(1000, ctx.RequestAborted);
            await FaultHarness.CannedSearch(ctx, r);
        };

        var inFlight = path.EndsWith("_search", StringComparison.Ordinal)
            ? h.SearchAsync(FaultHarness.SearchBody.Replace("\"size\":10", "\"size\":3", StringComparison.Ordinal))
            : h.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        var watch = Stopwatch.StartNew();
        await h.Sidecar.StopAsync(Ct);
        watch.Stop();

        var reply = await inFlight;
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotEmpty(reply.Body);
        if (path.EndsWith("_search", StringComparison.Ordinal))
        {
            Assert.Equal("applied", reply.Rerank);
            Assert.Equal(3, reply.Ids().Length);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stop took {watch.Elapsed}");
        Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(500), $"stop took {watch.Elapsed}: it did not wait for the request");

        // Stopped: new connections are refused.
        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var fresh = new HttpClient { BaseAddress = h.Sidecar.BaseUri };
            using var _ = await fresh.GetAsync("/_rerank/health", Ct);
        });
    }
}
