using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>Requests the sidecar does not intercept reach the upstream unchanged and come back unchanged.</summary>
public sealed class PassThroughTests : IAsyncLifetime
{
    private EchoUpstream _upstream = null!;
    private SidecarServer _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await EchoUpstream.StartAsync();
        _sidecar = await SidecarServer.StartAsync(_upstream.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task PassThrough_MethodPathQueryAndHeaders_ArriveUnchanged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/my-index/_settings?master_timeout=5s&flat_settings=true&q=a%20b");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "ZWxhc3RpYzpjaGFuZ2VtZQ==");
        request.Headers.TryAddWithoutValidation("X-Opaque-Id", "abc-123");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Content = new StringContent("""{"index":{"number_of_replicas":0}}""", Encoding.UTF8, "application/json");

        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = _upstream.Last;
        Assert.Equal("PUT", seen.Method);
        Assert.Equal("/my-index/_settings?master_timeout=5s&flat_settings=true&q=a%20b", seen.Target);
        Assert.Equal("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==", seen.Headers["Authorization"]);
        Assert.Equal("abc-123", seen.Headers["X-Opaque-Id"]);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", seen.Headers["traceparent"]);
        Assert.Equal("""{"index":{"number_of_replicas":0}}""", Encoding.UTF8.GetString(seen.Body));
        Assert.False(response.Headers.Contains("X-Rerank"));
    }

    [Fact]
    public async Task PassThrough_ApiKeyHeader_ReachesUpstream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_cluster/health");
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", _upstream.Last.Headers["Authorization"]);
    }

    [Fact]
    public async Task PassThrough_StatusAndResponseHeaders_ComeBackUnchanged()
    {
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.StatusCode = 409;
            ctx.Response.Headers["X-Custom"] = "kept";
            ctx.Response.Headers["Warning"] = "299 Elasticsearch-9.1.0 \"deprecated\"";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"error":{"type":"version_conflict_engine_exception"},"status":409}""");
        };
        using var response = await _sidecar.Client.PostAsync("/products/_create/1", new StringContent("{}", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("kept", response.Headers.GetValues("X-Custom").Single());
        Assert.Contains("deprecated", response.Headers.GetValues("Warning").Single(), StringComparison.Ordinal);
        Assert.Contains("version_conflict_engine_exception", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassThrough_RepeatedAndUnusualHeaders_KeepEveryValueAsSent()
    {
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.Headers.Append("Warning", "299 Elasticsearch-8.15.0 \"first\"");
            ctx.Response.Headers.Append("Warning", "299 Elasticsearch-8.15.0 \"second\"");
            ctx.Response.Headers["X-Odd"] = "not; a \"typed\" = value,,";
            ctx.Response.ContentType = "application/json; charset=UTF-8";
            await ctx.Response.WriteAsync("{}");
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_cluster/health");
        request.Headers.TryAddWithoutValidation("X-Multi", ["a", "b"]);
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.elasticsearch+json; compatible-with=8");
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["299 Elasticsearch-8.15.0 \"first\"", "299 Elasticsearch-8.15.0 \"second\""], response.Headers.GetValues("Warning"));
        Assert.Equal("not; a \"typed\" = value,,", response.Headers.GetValues("X-Odd").Single());
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.GetValues("Content-Type").Single());
        var seen = _upstream.Last;
        Assert.Equal("a, b", seen.Headers["X-Multi"]);
        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=8", seen.Headers["Accept"]);
    }

    [Fact]
    public async Task PassThrough_Head_Works()
    {
        using var response = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/products"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HEAD", _upstream.Last.Method);
    }

    [Fact]
    public async Task PassThrough_MultiMegabyteBulkBody_ArrivesIntact()
    {
        var sb = new StringBuilder();
        for (var i = 0; sb.Length < 8 * 1024 * 1024; i++)
        {
            sb.Append("{\"index\":{\"_index\":\"products\",\"_id\":\"").Append(i).Append("\"}}\n");
            sb.Append("{\"title\":\"product ").Append(i).Append(" \\u00e9t\\u00e9 caf\u00e9 \u534e\u4e3a\",\"price\":").Append(i % 1000).Append("}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await _sidecar.Client.PostAsync("/_bulk", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes.Length, _upstream.Last.BodyLength);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), _upstream.Last.BodySha256);
    }

    [Fact]
    public async Task PassThrough_ChunkedRequestBody_IsStreamed()
    {
        var payload = Encoding.UTF8.GetBytes(new string('x', 300_000));
        using var content = new StreamContent(new MemoryStream(payload));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_bulk") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload.Length, _upstream.Last.BodyLength);
    }

    [Fact]
    public async Task PassThrough_GzipResponse_IsRelayedCompressed()
    {
        var json = """{"acknowledged":true}""";
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentType = "application/json";
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(Encoding.UTF8.GetBytes(json));
            }

            await ctx.Response.Body.WriteAsync(ms.ToArray());
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_cluster/settings");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal("gzip", _upstream.Last.Headers["Accept-Encoding"]);
        await using var gz = new GZipStream(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        Assert.Equal(json, await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PassThrough_HopByHopHeaders_AreNotForwarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_nodes");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("X-Kept", "yes");
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.False(_upstream.Last.Headers.ContainsKey("Proxy-Connection"));
        Assert.False(_upstream.Last.Headers.ContainsKey("Keep-Alive"));
        Assert.Equal("yes", _upstream.Last.Headers["X-Kept"]);
    }

    [Theory]
    [InlineData("GET //evil.example/steal HTTP/1.1", "//evil.example/steal")]
    [InlineData("GET http://evil.example/steal?x=1 HTTP/1.1", "400")]
    [InlineData("GET /products/../_cluster/health HTTP/1.1", "/_cluster/health")]
    public async Task PassThrough_TrickyRequestTargets_StillGoToTheConfiguredUpstream(string requestLine, string expectedTarget)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_sidecar.BaseUri.Host, _sidecar.BaseUri.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        var raw = $"{requestLine}\r\nHost: {_sidecar.BaseUri.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync(TestContext.Current.CancellationToken);

        if (expectedTarget == "400")
        {
            // Absolute-form naming another host is refused before it reaches the proxy.
            Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
            Assert.Empty(_upstream.Requests);
            return;
        }

        Assert.StartsWith("HTTP/1.1 200", status, StringComparison.Ordinal);
        Assert.Equal(expectedTarget, _upstream.Last.Target);
    }

    [Fact]
    public async Task PassThrough_UpstreamDown_IsElasticsearchShaped502()
    {
        await using var sidecar = await SidecarServer.StartAsync(new Uri("http://127.0.0.1:1/"));
        using var response = await sidecar.Client.GetAsync("/_cluster/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(502, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("upstream_unavailable_exception", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Request_OversizedHeaders_Is431ElasticsearchShaped()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_cluster/health");
        request.Headers.TryAddWithoutValidation("X-Big", new string('a', 40_000));
        using var response = await _sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(431, (int)response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("too_long_http_header_exception", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task PassThrough_UpstreamCutsTheBody_ClientSeesABrokenResponseNotAShortOne()
    {
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = 200_000;
            await ctx.Response.Body.WriteAsync(new byte[50_000]);
            await ctx.Response.Body.FlushAsync();
            ctx.Abort(); // the upstream dies mid-answer
        };

        // Either nothing had reached the client yet (an Elasticsearch-shaped 502), or the connection breaks: never a
        // complete-looking 200 with a short body.
        var ct = TestContext.Current.CancellationToken;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var failure = await Record.ExceptionAsync(async () =>
            {
                using var response = await _sidecar.Client.GetAsync("/_cat/indices", HttpCompletionOption.ResponseHeadersRead, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                using var doc = JsonDocument.Parse(body);
                Assert.Equal("upstream_unavailable_exception", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
            });
            Assert.True(failure is null or HttpRequestException or IOException, $"got {failure}");
        }

        // The sidecar is fine afterwards.
        _upstream.Handler = null;
        using var after = await _sidecar.Client.GetAsync("/_cluster/health", ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task PassThrough_LargeResponse_ArrivesIntact()
    {
        var payload = new byte[3_000_000];
        new Random(5).NextBytes(payload);
        _upstream.Handler = async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength = payload.Length;
            for (var i = 0; i < payload.Length; i += 70_000)
            {
                await ctx.Response.Body.WriteAsync(payload.AsMemory(i, Math.Min(70_000, payload.Length - i)));
                await ctx.Response.Body.FlushAsync();
            }
        };

        using var response = await _sidecar.Client.GetAsync("/big", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload.Length, response.Content.Headers.ContentLength);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), Convert.ToHexString(SHA256.HashData(body)));
    }
}
