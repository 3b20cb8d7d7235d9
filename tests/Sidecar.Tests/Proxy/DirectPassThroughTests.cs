using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Proxy;

/// <summary>
/// upstream.pass_through_client: direct (the default), the sidecar's own HTTP/1.1 client for pass-through, against a
/// scripted upstream speaking raw bytes: every way RFC 9112 frames an answer, connection reuse, a kept-alive
/// connection the upstream dropped, and broken answers (an Elasticsearch-shaped 502 before the answer started, a cut
/// connection after).
/// </summary>
public sealed class DirectPassThroughTests : IAsyncLifetime
{
    private RawUpstream _upstream = null!;
    private SidecarServer _sidecar = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _upstream = RawUpstream.Start();
        _sidecar = await SidecarServer.StartAsync(_upstream.BaseUri, upstreamTimeoutMs: 2000);
    }

    public async ValueTask DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Request_GoesOutWithUpstreamHostClientHeadersAndBody_WithoutHopByHopHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/my-index/_doc/caf%C3%A9?refresh=wait_for&q=a%20b");
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey c2VjcmV0");
        request.Headers.TryAddWithoutValidation("X-Opaque-Id", "op-1");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic eDp5");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Content = new StringContent("""{"title":"été 华为"}""", Encoding.UTF8, "application/json");

        using var response = await _sidecar.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (head, body) = Assert.Single(_upstream.Requests);
        var lines = head.Split("\r\n");
        Assert.Equal("PUT /my-index/_doc/caf%C3%A9?refresh=wait_for&q=a%20b HTTP/1.1", lines[0]);
        Assert.Contains($"Host: {_upstream.BaseUri.Authority}", lines);
        Assert.Contains("Authorization: ApiKey c2VjcmV0", lines);
        Assert.Contains("X-Opaque-Id: op-1", lines);
        Assert.Contains($"Content-Length: {body.Length}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Keep-Alive", StringComparison.OrdinalIgnoreCase) ||
                                          l.StartsWith("Proxy-Authorization", StringComparison.OrdinalIgnoreCase) ||
                                          l.StartsWith("TE:", StringComparison.OrdinalIgnoreCase) ||
                                          l.StartsWith("Connection", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("""{"title":"été 华为"}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task Paths_EscapedSlashAndLongNonAsciiIds_GoOutAsTheClientSentThem()
    {
        var longId = Uri.EscapeDataString(string.Concat(Enumerable.Repeat("华为耳机🎧", 120))); // ~1,000 UTF-16 chars, 6 KB escaped
        foreach (var target in new[] { "/products/_doc/a%2Fb", $"/products/_doc/{longId}", "/caf%C3%A9/_doc/1?routing=%E5%8D%8E" })
        {
            using var response = await _sidecar.Client.GetAsync(target, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"GET {target} HTTP/1.1", _upstream.Requests.Last().Head.Split("\r\n")[0]);
        }
    }

    [Fact]
    public async Task KeepAlive_SequentialRequests_ShareOneUpstreamConnection()
    {
        for (var i = 0; i < 20; i++)
        {
            using var response = await _sidecar.Client.GetAsync($"/_cluster/health?i={i}", Ct);
            Assert.Equal("{}", await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(20, _upstream.Requests.Count);
        Assert.Equal(1, _upstream.Connections);
    }

    [Fact]
    public async Task IdleConnectionsPastTheIdleTimeout_AreClosed_WithoutARequestToFindThem()
    {
        using var pool = new Sidecar.Proxy.Http1ConnectionPool(new Sidecar.Configuration.UpstreamOptions { Url = _upstream.BaseUri },
            idleTimeout: TimeSpan.FromMilliseconds(200));
        var connection = await pool.RentAsync(fresh: false, Ct);
        pool.Return(connection, reusable: true);
        Assert.Equal(1, pool.IdleCount);
        for (var i = 0; i < 100 && (pool.IdleCount > 0 || _upstream.ClosedByPeer == 0); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(0, pool.IdleCount);
        Assert.Equal(1, _upstream.ClosedByPeer);
    }

    [Fact]
    public async Task ChunkedAnswer_WithExtensionsAndTrailers_ArrivesDecodedAndTheConnectionIsReused()
    {
        _upstream.Script = (i, _, _) => i == 0
            ? RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Custom: kept\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                    "5;ext=1\r\n{\"a\":\r\n" + "A\r\n[1,2,3,4]}\r\n" + "0\r\nX-Trailer: dropped\r\n\r\n")
            : RawUpstream.Reply.Ok("{\"second\":true}");

        using var first = await _sidecar.Client.GetAsync("/_nodes/stats", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("kept", first.Headers.GetValues("X-Custom").Single());
        Assert.Equal("{\"a\":[1,2,3,4]}", await first.Content.ReadAsStringAsync(Ct));
        using var second = await _sidecar.Client.GetAsync("/_nodes/stats", Ct);
        Assert.Equal("{\"second\":true}", await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, _upstream.Connections);
    }

    [Fact]
    public async Task LargeChunkedAnswer_InManyPieces_ArrivesIntact()
    {
        var payload = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},"));
        var parts = new List<byte[]> { Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n") };
        for (var at = 0; at < payload.Length; at += 7_000)
        {
            var piece = payload.Substring(at, Math.Min(7_000, payload.Length - at));
            parts.Add(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n{piece}\r\n"));
        }

        parts.Add("0\r\n\r\n"u8.ToArray());
        _upstream.Script = (_, _, _) => new RawUpstream.Reply(parts, PauseMs: 1);

        using var response = await _sidecar.Client.GetAsync("/_cat/indices", Ct);
        Assert.Equal(payload, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task CloseDelimitedAnswer_IsReadToTheEnd_AndTheNextRequestUsesANewConnection()
    {
        _upstream.Script = (i, _, _) => i == 0
            ? new RawUpstream.Reply([Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart one, "), "part two"u8.ToArray()], Close: true, PauseMs: 20)
            : RawUpstream.Reply.Ok("{}");

        using var first = await _sidecar.Client.GetAsync("/_cat/health", Ct);
        Assert.Equal("part one, part two", await first.Content.ReadAsStringAsync(Ct));
        using var second = await _sidecar.Client.GetAsync("/_cat/health", Ct);
        Assert.Equal("{}", await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, _upstream.Connections);
    }

    [Fact]
    public async Task HeadAnd204And304_HaveNoBody_AndTheConnectionStaysUsable()
    {
        _upstream.Script = (i, head, _) => i switch
        {
            0 => RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1234\r\n\r\n"),
            1 => RawUpstream.Reply.Raw("HTTP/1.1 204 No Content\r\nX-Step: 204\r\n\r\n"),
            2 => RawUpstream.Reply.Raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n"),
            _ => RawUpstream.Reply.Ok("{\"after\":true}"),
        };

        using var head = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/products"), Ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(1234, head.Content.Headers.ContentLength);
        using var noContent = await _sidecar.Client.DeleteAsync("/products/_doc/1", Ct);
        Assert.Equal(HttpStatusCode.NoContent, noContent.StatusCode);
        Assert.Equal("204", noContent.Headers.GetValues("X-Step").Single());
        using var notModified = await _sidecar.Client.GetAsync("/products/_doc/1", Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var after = await _sidecar.Client.GetAsync("/products/_doc/1", Ct);
        Assert.Equal("{\"after\":true}", await after.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, _upstream.Connections);
    }

    [Fact]
    public async Task ResponseHeaderWithNonAsciiBytes_IsRelayedAsSent()
    {
        // obs-text (bytes 0x80-0xFF) is allowed in a field value; a proxy passes it on, byte for byte.
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nX-Name: caf\u00e9\r\nContent-Length: 2\r\n\r\n{}");
        using var response = await _sidecar.Client.GetAsync("/_cluster/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("caf\u00e9", response.Headers.GetValues("X-Name").Single());
    }

    [Fact]
    public async Task InterimAnswers_AreSkipped_TheFinalOneIsRelayed()
    {
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n" +
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"result\":\"ok\"}\n");

        using var response = await _sidecar.Client.PostAsync("/products/_doc", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"result\":\"ok\"}\n", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task IdleConnectionClosedByTheUpstream_IsNotReused()
    {
        // The upstream answers without "Connection: close" and then closes: the pooled connection is dead.
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Ok("{}") with { Close = true };
        for (var i = 0; i < 3; i++)
        {
            using var response = await _sidecar.Client.GetAsync("/", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(50, Ct); // let the close arrive
        }

        Assert.Equal(3, _upstream.Connections);
    }

    [Fact]
    public async Task ReusedConnectionDroppedBeforeAnswering_RequestIsSentOnceMoreOnANewConnection()
    {
        // Request 1 meets a kept-alive connection that the upstream drops without answering (the race a
        // keep-alive timeout causes): nothing was answered, so the sidecar sends it again on a new connection.
        _upstream.Script = (i, _, _) => i == 1 ? RawUpstream.Reply.Nothing : RawUpstream.Reply.Ok($"{{\"n\":{i}}}");

        using var first = await _sidecar.Client.GetAsync("/", Ct);
        Assert.Equal("{\"n\":0}", await first.Content.ReadAsStringAsync(Ct));
        using var second = await _sidecar.Client.PostAsync("/products/_doc/7", new StringContent("{\"k\":1}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("{\"n\":2}", await second.Content.ReadAsStringAsync(Ct));
        var requests = _upstream.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.Equal(requests[1].Body, requests[2].Body); // the same request, body included
        Assert.Equal(2, _upstream.Connections);
        var metrics = await _sidecar.Client.GetStringAsync("/_rerank/metrics", Ct);
        Assert.Contains("sidecar_passthrough_connections_total{event=\"opened\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("sidecar_passthrough_connections_total{event=\"retried\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewConnectionClosedWithoutAnswer_IsAnElasticsearchShaped502()
    {
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Nothing;
        using var response = await _sidecar.Client.GetAsync("/_cluster/health", Ct);
        await AssertUpstreamError(response, HttpStatusCode.BadGateway, "upstream_unavailable_exception");
        Assert.Single(_upstream.Requests); // not retried: a new connection that fails is not a stale one
    }

    [Theory]
    [InlineData("HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\n Folded: header\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Header : x\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")]
    public async Task MalformedAnswerHead_IsAnElasticsearchShaped502(string answer)
    {
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw(answer, close: true);
        using var response = await _sidecar.Client.GetAsync("/_cluster/health", Ct);
        await AssertUpstreamError(response, HttpStatusCode.BadGateway, "upstream_unavailable_exception");
    }

    [Fact]
    public async Task OversizedAnswerHead_IsAnElasticsearchShaped502()
    {
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw($"HTTP/1.1 200 OK\r\nX-Big: {new string('x', 70_000)}\r\nContent-Length: 2\r\n\r\n{{}}");
        using var response = await _sidecar.Client.GetAsync("/_cluster/health", Ct);
        await AssertUpstreamError(response, HttpStatusCode.BadGateway, "upstream_unavailable_exception");
    }

    [Fact]
    public async Task AnswerCutOffEarly_AbortsTheClientConnection_NeverAShort200()
    {
        // Once the upstream's head arrived, the answer has started (as a reverse proxy's does): a body that ends early
        // cuts the client connection; the client never sees a complete-looking answer.
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"hits\":", close: true);
        await AssertConnectionCut("/other/_search"); // not a profile's index: pass-through
    }

    [Fact]
    public async Task AnswerCutOffAfterPartWasSent_AbortsTheClientConnection_NeverAShort200()
    {
        var sent = new string('x', 300_000);
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 600000\r\n\r\n{sent}", close: true);
        await AssertConnectionCut("/_cat/indices");
    }

    [Fact]
    public async Task AnswerBrokenBeforeAnyBodyByte_IsAnElasticsearchShaped502_WithNothingOfTheBody()
    {
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", close: true);
        using var response = await _sidecar.Client.GetAsync("/_cat/indices", Ct);
        var text = await AssertUpstreamError(response, HttpStatusCode.BadGateway, "upstream_unavailable_exception");
        Assert.Contains("cut off", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedChunk_AbortsTheClientConnection()
    {
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\r\n", close: true);
        await AssertConnectionCut("/_cat/indices");
    }

    [Fact]
    public async Task SilentUpstream_IsAnElasticsearchShaped504AfterTheTimeout()
    {
        _upstream.Script = (_, _, _) => new RawUpstream.Reply([Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")], PauseMs: 5_000);
        using var response = await _sidecar.Client.GetAsync("/_cluster/health", Ct);
        var error = await AssertUpstreamError(response, HttpStatusCode.GatewayTimeout, "upstream_timeout_exception");
        Assert.Contains("2000 ms", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRequests_EachGetTheirOwnAnswer()
    {
        _upstream.Script = (_, head, _) =>
        {
            var target = head.Split("\r\n")[0].Split(' ')[1];
            return RawUpstream.Reply.Ok(JsonSerializer.Serialize(new { target }));
        };
        var tasks = Enumerable.Range(0, 64).Select(async i =>
        {
            using var response = await _sidecar.Client.GetAsync($"/idx-{i}/_doc/{i}", Ct);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal($"/idx-{i}/_doc/{i}", doc.RootElement.GetProperty("target").GetString());
        });
        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task UpstreamByHostName_IsResolvedAndTheHostHeaderKeepsTheName()
    {
        var byName = new Uri($"http://localhost:{_upstream.BaseUri.Port}/");
        await using var sidecar = await SidecarServer.StartAsync(byName);
        using var response = await sidecar.Client.GetAsync("/_cluster/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Host: localhost:{_upstream.BaseUri.Port}", _upstream.Requests.Last().Head.Split("\r\n"));
    }

    [Fact]
    public async Task HttpClientMode_RelaysTheSameChunkedAnswer()
    {
        await using var httpClientMode = await SidecarServer.StartAsync(_upstream.BaseUri, upstreamYaml: "  pass_through_client: httpclient");
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n");
        using var response = await httpClientMode.Client.GetAsync("/_nodes", Ct);
        Assert.Equal("{\"a\":1}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData(8)]       // within the first read: nothing reached the client yet
    [InlineData(300_000)] // after part of the body was sent
    public async Task HttpClientMode_AnswerCutOff_NeverLooksComplete_NorPrefixesAnError(int sentBytes)
    {
        await using var httpClientMode = await SidecarServer.StartAsync(_upstream.BaseUri, upstreamYaml: "  pass_through_client: httpclient");
        _upstream.Script = (_, _, _) => RawUpstream.Reply.Raw(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 600000\r\n\r\n{new string('x', sentBytes)}", close: true);
        try
        {
            using var response = await httpClientMode.Client.GetAsync("/_cat/indices", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            // Only a clean Elasticsearch-shaped error may come back complete, and without any of the cut body in it.
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.StartsWith("{\"error\"", body, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The connection was cut: the client knows the answer is incomplete.
        }
    }

    /// <summary>The client's connection is cut while it reads the answer (never a complete-looking short answer).</summary>
    private async Task AssertConnectionCut(string target)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await _sidecar.Client.GetAsync(target, Ct);
            await response.Content.ReadAsByteArrayAsync(Ct);
        });
        Assert.True(e is HttpRequestException or IOException, e.ToString());
    }

    private static async Task<string> AssertUpstreamError(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(type, doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        return text;
    }
}
