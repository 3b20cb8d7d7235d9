using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Http;

public sealed class RequestBodyTests : IClassFixture<StandInFixture>
{
    private readonly StandInFixture _fixture;
    private readonly EsHttp _es;

    public RequestBodyTests(StandInFixture fixture)
    {
        _fixture = fixture;
        _es = fixture.Http;
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task CompressedRequestBody_IsDecompressed(string encoding)
    {
        var index = await _es.CreateProductsIndexAsync();
        var json = """{"query":{"term":{"brand":"Sony"}}}"""u8.ToArray();

        var reply = await _es.SendAsync(Compressed(HttpMethod.Post, $"/{index}/_search", json, encoding));

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(["3"], reply.Ids);
    }

    [Fact]
    public async Task GzipBulkBody_IsIndexed()
    {
        var index = await _es.CreateIndexAsync();
        var ndjson = Encoding.UTF8.GetBytes("{\"index\":{\"_id\":\"a\"}}\n{\"title\":\"gzip works\"}\n");

        var bulk = await _es.SendAsync(Compressed(HttpMethod.Post, $"/{index}/_bulk?refresh=true", ndjson, "gzip"));
        var get = await _es.GetAsync($"/{index}/_doc/a");

        Assert.False(bulk.Json.GetProperty("errors").GetBoolean());
        Assert.Equal("gzip works", get.Json.GetProperty("_source").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Received_RecordsMethodPathHeadersWireHashAndDecodedText()
    {
        var json = """{"query":{"match_all":{}}}"""u8.ToArray();
        var request = Compressed(HttpMethod.Post, "/_search?size=1", json, "gzip");
        request.Headers.Add("X-Test-Marker", "marker-1");
        var wire = await request.Content!.ReadAsByteArrayAsync();

        await _es.SendAsync(request);

        var received = _fixture.Server.Received.Last(r => r.Headers.TryGetValue("x-test-marker", out var v) && v == "marker-1");
        Assert.Equal("POST", received.Method);
        Assert.Equal("/_search?size=1", received.PathAndQuery);
        Assert.Equal("gzip", received.Headers["Content-Encoding"]);
        Assert.Equal(wire.Length, received.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(wire)), received.BodySha256Hex);
        Assert.Equal("""{"query":{"match_all":{}}}""", received.BodyText);
    }

    [Fact]
    public async Task Received_WithoutBody_HasNullTextAndEmptyHash()
    {
        await _es.SendAsync(HttpMethod.Get, "/?marker=nobody");

        var received = _fixture.Server.Received.Last(r => r.PathAndQuery == "/?marker=nobody");
        Assert.Equal(0, received.BodyLength);
        Assert.Null(received.BodyText);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), received.BodySha256Hex);
    }

    [Fact]
    public async Task Received_IsBoundedToTheLast1000Requests()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new EsHttp(server.BaseUri);
        for (var i = 0; i < 1005; i++)
        {
            await http.HeadAsync($"/?n={i}");
        }

        var received = server.Received;

        Assert.Equal(1000, received.Count);
        Assert.Equal("/?n=5", received[0].PathAndQuery);
        Assert.Equal("/?n=1004", received[^1].PathAndQuery);
        server.ClearReceived();
        Assert.Empty(server.Received);
    }

    private static HttpRequestMessage Compressed(HttpMethod method, string path, byte[] body, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = encoding == "gzip"
                   ? new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)
                   : new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(body);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);
        return new HttpRequestMessage(method, path) { Content = content };
    }
}
