namespace Sidecar.Configuration;

/// <summary>The Elasticsearch the sidecar fronts. YAML section <c>upstream</c>.</summary>
public sealed record UpstreamOptions
{
    /// <summary>Base URL of Elasticsearch (YAML <c>url</c>). Default <c>http://127.0.0.1:9200</c>. Fixed: clients cannot redirect requests elsewhere.</summary>
    public Uri Url { get; init; } = new("http://127.0.0.1:9200/");

    /// <summary>Time allowed for a whole upstream exchange, in ms (YAML <c>timeout_ms</c>). Default 60000.</summary>
    public int TimeoutMs { get; init; } = 60_000;

    /// <summary>Time allowed to open a connection, in ms (YAML <c>connect_timeout_ms</c>). Default 5000.</summary>
    public int ConnectTimeoutMs { get; init; } = 5_000;

    /// <summary>The sidecar's own credential (YAML <c>credentials</c>), for its own requests only.</summary>
    public UpstreamCredential Credential { get; init; } = UpstreamCredential.None;

    /// <summary>
    /// PEM file with the CA certificate(s) that sign the upstream's TLS certificate (YAML <c>ca_file</c>), for
    /// clusters with a private CA. Certificates are always verified; the system trust store is used when unset.
    /// </summary>
    public string? CaFile { get; init; }

    /// <summary>Maximum pooled connections per upstream (YAML <c>max_connections</c>). Default 512.</summary>
    public int MaxConnections { get; init; } = 512;

    /// <summary>
    /// How pass-through requests reach a plain-http upstream (YAML <c>pass_through_client</c>): <c>direct</c> (default),
    /// the sidecar's own HTTP/1.1 connection pool; <c>httpclient</c>, .NET's HttpClient (as for https upstreams, large
    /// or chunked uploads and the sidecar's own requests, which always use it).
    /// </summary>
    public bool DirectPassThrough { get; init; } = true;
}
