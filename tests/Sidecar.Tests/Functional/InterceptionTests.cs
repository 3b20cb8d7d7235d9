using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>Searches on configured indices: what goes upstream, what comes back, and when the sidecar stays out.</summary>
public sealed class InterceptionTests : IAsyncLifetime
{
    private EchoUpstream _upstream = null!;
    private SidecarServer _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await EchoUpstream.StartAsync();
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Fixtures.Response(100));
        };
        _sidecar = await SidecarServer.StartAsync(_upstream.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> SearchAsync(string path, string? body, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement UpstreamBody(EchoUpstream.Recorded r) => JsonDocument.Parse(r.Body).RootElement.Clone();

    [Fact]
    public async Task Search_OnConfiguredIndex_AsksUpstreamForTheWindowAndIsApplied()
    {
        var (response, body) = await SearchAsync("/products/_search?from=10&size=5&track_total_hits=true", """{"query":{"match":{"title":"phone"}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("applied", response.Headers.GetValues("X-Rerank").Single());
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var sent = UpstreamBody(_upstream.Last);
        Assert.Equal(0, sent.GetProperty("from").GetInt32());
        Assert.Equal(100, sent.GetProperty("size").GetInt32());
        Assert.Equal("/products/_search?track_total_hits=true", _upstream.Last.Target);
        Assert.Equal(5, body.GetProperty("hits").GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task Search_Pages_AreConsistentWithinTheWindow()
    {
        var p1 = Fixtures.Ids((await SearchAsync("/products/_search", """{"from":0,"size":10}""")).Body.GetRawText());
        var p2 = Fixtures.Ids((await SearchAsync("/products/_search", """{"from":10,"size":10}""")).Body.GetRawText());
        var all = Fixtures.Ids((await SearchAsync("/products/_search", """{"from":0,"size":20}""")).Body.GetRawText());
        Assert.Equal(all, p1.Concat(p2));
        Assert.Equal(20, all.Distinct().Count());
    }

    [Fact]
    public async Task Search_TotalsAggregationsAndShards_ArePreserved()
    {
        var (_, body) = await SearchAsync("/products/_search", """{"size":3,"aggs":{"brands":{"terms":{"field":"brand"}}}}""");
        using var upstream = JsonDocument.Parse(Fixtures.Response(100));
        Assert.Equal(upstream.RootElement.GetProperty("aggregations").GetRawText(), body.GetProperty("aggregations").GetRawText());
        Assert.Equal(upstream.RootElement.GetProperty("_shards").GetRawText(), body.GetProperty("_shards").GetRawText());
        Assert.Equal(1234, body.GetProperty("hits").GetProperty("total").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Search_ClientSourceFilter_IsWidenedUpstreamAndRestoredForTheClient()
    {
        var (_, body) = await SearchAsync("/products/_search", """{"size":3,"_source":["title"]}""");
        var sent = UpstreamBody(_upstream.Last);
        Assert.Equal("""{"includes":["title","rating"]}""", sent.GetProperty("_source").GetRawText());
        foreach (var hit in body.GetProperty("hits").GetProperty("hits").EnumerateArray())
        {
            Assert.Equal(["title"], hit.GetProperty("_source").EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Search_UrlSourceFalse_IsMovedIntoBodyAndRestored()
    {
        var (_, body) = await SearchAsync("/products/_search?_source=false", "{}");
        Assert.DoesNotContain("_source", _upstream.Last.Target, StringComparison.Ordinal);
        Assert.Equal("""{"includes":["rating"]}""", UpstreamBody(_upstream.Last).GetProperty("_source").GetRawText());
        Assert.False(body.GetProperty("hits").GetProperty("hits")[0].TryGetProperty("_source", out _));
    }

    [Fact]
    public async Task Search_GetWithoutBody_IsRerankedToo()
    {
        using var response = await _sidecar.Client.GetAsync("/products/_search?q=phone", TestContext.Current.CancellationToken);
        Assert.Equal("applied", response.Headers.GetValues("X-Rerank").Single());
        Assert.Equal("GET", _upstream.Last.Method);
        Assert.Equal("/products/_search?q=phone", _upstream.Last.Target);
    }

    [Fact]
    public async Task Search_GzipRequestBody_IsDecodedAndReranked()
    {
        var json = Encoding.UTF8.GetBytes("""{"from":0,"size":4,"query":{"match_all":{}}}""");
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(json);
        }

        var (response, body) = await SearchAsync("/products/_search", null, r =>
        {
            r.Content = new ByteArrayContent(ms.ToArray());
            r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            r.Content.Headers.ContentEncoding.Add("gzip");
        });
        Assert.Equal("applied", response.Headers.GetValues("X-Rerank").Single());
        Assert.Equal(4, body.GetProperty("hits").GetProperty("hits").GetArrayLength());
        Assert.Equal(100, UpstreamBody(_upstream.Last).GetProperty("size").GetInt32());
    }

    [Theory]
    [InlineData("""{"sort":[{"price":"asc"}]}""", "sort")]
    [InlineData("""{"from":95,"size":10}""", "window_exceeded")]
    [InlineData("""{"size":"ten"}""", "unparseable")]
    [InlineData("""{"query": {"match": """, "unparseable")]
    [InlineData("""{"size":0,"aggs":{}}""", "size_zero")]
    [InlineData("""{"search_after":[1]}""", "search_after")]
    public async Task Search_NotRerankable_PassesThroughUntouchedWithReason(string requestBody, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/_search?request_cache=false")
        {
            Content = new StringContent(requestBody, Encoding.UTF8, "application/json"),
        };
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("skipped; reason=" + reason, response.Headers.GetValues("X-Rerank").Single());
        Assert.Equal(requestBody, Encoding.UTF8.GetString(_upstream.Last.Body));
        Assert.Equal("/products/_search?request_cache=false", _upstream.Last.Target);
    }

    [Fact]
    public async Task Search_UpstreamError_IsReturnedAsIs()
    {
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"type":"parsing_exception","reason":"unknown query [mtch]"},"status":400}""");
        };
        var (response, body) = await SearchAsync("/products/_search", """{"query":{"mtch":{}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("skipped; reason=upstream_status", response.Headers.GetValues("X-Rerank").Single());
        Assert.Equal("parsing_exception", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Search_UpstreamAnswersNonJson_FallsBackToPassThrough()
    {
        _upstream.Handler = async (ctx, _) => await ctx.Response.WriteAsync("<html>proxy error</html>");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/_search") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("skipped; reason=unparseable_response", response.Headers.GetValues("X-Rerank").Single());
        Assert.Equal("{}", Encoding.UTF8.GetString(_upstream.Last.Body));
    }

    [Fact]
    public async Task Search_OnOtherIndex_IsPlainPassThrough()
    {
        using var response = await _sidecar.Client.PostAsync("/logs/_search", new StringContent("""{"size":3}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.False(response.Headers.Contains("X-Rerank"));
        Assert.Equal("""{"size":3}""", Encoding.UTF8.GetString(_upstream.Last.Body));
    }

    [Fact]
    public async Task Search_WildcardTargetCoveredByProfile_IsIntercepted()
    {
        var (response, _) = await SearchAsync("/catalog-eu,catalog-us/_search", "{}");
        Assert.Equal("applied", response.Headers.GetValues("X-Rerank").Single());
    }

    [Fact]
    public async Task Search_ExplainHeader_AddsRerankObjectPerHit()
    {
        var (_, body) = await SearchAsync("/products/_search", """{"size":2}""", r => r.Headers.Add("X-Rerank-Explain", "true"));
        var hit = body.GetProperty("hits").GetProperty("hits")[0];
        var features = hit.GetProperty("_rerank").GetProperty("features");
        Assert.True(features.TryGetProperty("bm25", out _));
        Assert.True(features.TryGetProperty("rating", out _));
    }

    [Theory]
    [InlineData("/products/_search")]
    [InlineData("/_bulk")]
    public async Task Request_BodyLargerThanLimit_Is413ElasticsearchShaped(string path)
    {
        await using var sidecar = await SidecarServer.StartAsync(_upstream.BaseUri, maxBodyBytes: 4096);
        var big = "{\"query\":{\"match\":{\"title\":\"" + new string('a', 10_000) + "\"}}}";
        using var response = await sidecar.Client.PostAsync(path, new StringContent(big, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(413, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Search_UserIdHeader_IsConsumedNotForwarded()
    {
        var (response, _) = await SearchAsync("/products/_search", """{"size":3}""", r =>
        {
            r.Headers.Add("X-User-Id", "alice@example.com");
            r.Headers.Add("X-Opaque-Id", "kept");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(_upstream.Last.Headers.ContainsKey("X-User-Id"));
        Assert.Equal("kept", _upstream.Last.Headers["X-Opaque-Id"]);
    }
}
