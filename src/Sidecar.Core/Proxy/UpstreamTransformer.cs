using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// Pass-through transform: everything the client sent is forwarded as is (Authorization, ApiKey and
/// every other header included), except the Host header, which names the configured upstream so that
/// virtual-hosted clusters route correctly. Hop-by-hop headers are dropped by YARP.
/// </summary>
internal sealed class UpstreamTransformer : HttpTransformer
{
    public static readonly UpstreamTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Host = null;
    }
}
