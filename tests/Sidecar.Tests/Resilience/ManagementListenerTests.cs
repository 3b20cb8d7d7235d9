using System.Net;
using System.Text;
using System.Text.Json;

namespace Sidecar.Tests.Resilience;

/// <summary>With <c>server.management_listen</c>, <c>/_rerank/</c> answers only there and client traffic only on the main port.</summary>
public sealed class ManagementListenerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Management_RerankEndpointsOnlyOnManagementPort_ClientTrafficOnlyOnMainPort()
    {
        await using var h = await FaultHarness.StartAsync(serverYaml: "  management_listen: http://127.0.0.1:0");
        Assert.NotNull(h.Sidecar.ManagementUri);
        Assert.NotEqual(h.Sidecar.BaseUri.Port, h.Sidecar.ManagementUri!.Port);
        using var management = new HttpClient { BaseAddress = h.Sidecar.ManagementUri };

        // Management port: the sidecar's endpoints.
        foreach (var path in new[] { "/_rerank/health", "/_rerank/ready", "/_rerank/metrics" })
        {
            using var ok = await management.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Main port: no sidecar endpoint, not even health, and nothing reaches the upstream.
        var probes = h.Upstream.Requests.Count; // /_rerank/ready asked the upstream (HEAD /)
        foreach (var path in new[] { "/_rerank/health", "/_rerank/metrics", "/_rerank/config", "/_rerank" })
        {
            using var hidden = await h.Sidecar.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            await AssertElasticsearchErrorAsync(hidden, "resource_not_found_exception");
        }

        Assert.Equal(probes, h.Upstream.Requests.Count);

        // Main port: Elasticsearch traffic, searches reranked.
        var search = await h.SearchAsync();
        Assert.Equal("applied", search.Rerank);
        using (var health = await h.Sidecar.Client.GetAsync("/_cluster/health", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var seen = h.Upstream.Requests.Count;

        // Management port: no Elasticsearch traffic (searches, pass-through, writes).
        using (var search2 = await management.PostAsync("/products/_search", new StringContent("{}", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, search2.StatusCode);
            await AssertElasticsearchErrorAsync(search2, "resource_not_found_exception");
        }

        using (var bulk = await management.PostAsync("/_bulk", new StringContent("{}\n", Encoding.UTF8, "application/x-ndjson"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, bulk.StatusCode);
        }

        using (var health = await management.GetAsync("/_cluster/health", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        }

        Assert.Equal(seen, h.Upstream.Requests.Count);
    }

    private static async Task AssertElasticsearchErrorAsync(HttpResponseMessage response, string type)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(type, doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal((int)response.StatusCode, doc.RootElement.GetProperty("status").GetInt32());
    }
}
