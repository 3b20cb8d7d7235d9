using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>The sidecar's own endpoints: health, readiness, metrics, config (admin key).</summary>
public sealed class OperabilityTests : IAsyncLifetime
{
    private EchoUpstream _upstream = null!;
    private SidecarServer _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await EchoUpstream.StartAsync();
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Fixtures.Response(30));
        };
        Environment.SetEnvironmentVariable("SIDECAR_TEST_ADMIN_KEY", "k3y-for-tests");
        _sidecar = await SidecarServer.StartAsync(_upstream.BaseUri, extraYaml: "admin:\n  api_key_env: SIDECAR_TEST_ADMIN_KEY\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Health_AnswersWithoutUpstreamWork()
    {
        using var response = await _sidecar.Client.GetAsync("/_rerank/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Ready_ReportsUpstreamReachable_AndNotReadyWhenDown()
    {
        using var ok = await _sidecar.Client.GetAsync("/_rerank/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await using var orphan = await SidecarServer.StartAsync(new Uri("http://127.0.0.1:1/"));
        using var down = await orphan.Client.GetAsync("/_rerank/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("upstream unreachable", await down.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountOutcomesAndDurationsByRoute()
    {
        var ct = TestContext.Current.CancellationToken;
        await _sidecar.Client.PostAsync("/products/_search", new StringContent("""{"size":5}""", Encoding.UTF8, "application/json"), ct);
        await _sidecar.Client.PostAsync("/products/_search", new StringContent("""{"sort":["price"]}""", Encoding.UTF8, "application/json"), ct);
        await _sidecar.Client.GetAsync("/_cluster/health", ct);

        var text = await _sidecar.Client.GetStringAsync("/_rerank/metrics", ct);

        Assert.Contains("sidecar_rerank_outcomes_total{outcome=\"applied\",profile=\"products\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("sidecar_rerank_outcomes_total{outcome=\"sort\",profile=\"products\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("sidecar_request_duration_seconds_count{outcome=\"2xx\",route=\"passthrough\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE sidecar_rerank_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("sidecar_rerank_duration_seconds_bucket{profile=\"products\",le=\"+Inf\"} 1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    [InlineData("k3y-for-tests", HttpStatusCode.OK)]
    public async Task Config_NeedsTheAdminKey(string? key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_rerank/config");
        if (key is not null)
        {
            request.Headers.Add("X-Rerank-Api-Key", key);
        }

        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(body);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("products", doc.RootElement.GetProperty("profiles")[0].GetProperty("name").GetString());
        }
        else
        {
            Assert.Equal("security_exception", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Config_ClientElasticsearchCredentials_AreNotAdminAuth()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_rerank/config");
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey k3y-for-tests");
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task UnknownSidecarEndpoint_IsElasticsearchShaped404()
    {
        using var response = await _sidecar.Client.GetAsync("/_rerank/nope", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_upstream.Requests);
    }
}
