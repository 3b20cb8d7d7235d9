using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Proxy;

/// <summary>
/// A buffered request/response round trip to the upstream for a search the sidecar rewrites. The client's
/// headers are forwarded as they came (credentials included) except those that describe the body or the
/// connection, which the sidecar sets for the rewritten request.
/// </summary>
public sealed class UpstreamExchange : IDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Encoding", "Content-Type", "Accept-Encoding", "Connection", "Keep-Alive",
        "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
    };

    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "Trailer", "Upgrade", "Content-Encoding",
    };

    private UpstreamExchange(HttpResponseMessage response, PooledBuffer body)
    {
        Response = response;
        Body = body;
    }

    public HttpResponseMessage Response { get; }

    public PooledBuffer Body { get; }

    public int StatusCode => (int)Response.StatusCode;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <param name="privateHeader">A header the sidecar consumes itself and does not pass on (the user id header:
    /// a raw user id has no business in Elasticsearch's logs).</param>
    public static async Task<UpstreamExchange> SendAsync(UpstreamClient upstream, HttpRequest client, string pathAndQuery,
        ReadOnlyMemory<byte> body, string? privateHeader, CancellationToken ct, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HeaderCopy.Method(client.Method), upstream.Prefix + pathAndQuery)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(client.ContentType, out var ctype)
            ? ctype
            : new MediaTypeHeaderValue("application/json");
        request.Content = content;
        foreach (var (name, values) in client.Headers)
        {
            if (NotForwarded.Contains(name) || (privateHeader is not null && name.Equals(privateHeader, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            HeaderCopy.ToRequest(request, name, values);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(upstream.Options.TimeoutMs);
        var response = await upstream.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
        var buffer = new PooledBuffer(64 * 1024);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await buffer.ReadFromAsync(stream, long.MaxValue, timeout.Token).ConfigureAwait(false);
            await Hosting.IoThreads.LeaveAsync(); // the answer is parsed and reranked next: not on an I/O thread
            return new UpstreamExchange(response, buffer);
        }
        catch
        {
            buffer.Dispose();
            response.Dispose();
            throw;
        }
    }

    /// <summary>Copies status and headers of the upstream response to the client's response.</summary>
    public void CopyStatusAndHeaders(HttpResponse client)
    {
        client.StatusCode = StatusCode;
        HeaderCopy.ToResponse(Response.Headers.NonValidated, client.Headers, NotReturned);
        HeaderCopy.ToResponse(Response.Content.Headers.NonValidated, client.Headers, NotReturned);
    }

    public void Dispose()
    {
        Body.Dispose();
        Response.Dispose();
    }
}
