using System.Net;
using System.Net.Security;
using Sidecar.Configuration;

namespace Sidecar.Proxy;

/// <summary>
/// The one connection pool to Elasticsearch, shared by pass-through forwarding and intercepted searches.
/// No cookies, no redirects, no automatic decompression, no system proxy: the sidecar relays bytes.
/// </summary>
public sealed class UpstreamClient : IDisposable
{
    public UpstreamClient(UpstreamOptions options)
    {
        Options = options;
        BaseUri = options.Url;
        Prefix = options.Url.AbsoluteUri.TrimEnd('/');
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(options.ConnectTimeoutMs),
            MaxConnectionsPerServer = options.MaxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
        };
        if (options.CaFile is { } caFile)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = PrivateCaValidator.Create(caFile),
            };
        }

        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public UpstreamOptions Options { get; }

    public Uri BaseUri { get; }

    /// <summary>The upstream URL without trailing slash; request paths are appended to it.</summary>
    public string Prefix { get; }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
