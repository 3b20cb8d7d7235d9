namespace Sidecar.Configuration;

/// <summary>How the sidecar listens. YAML section <c>server</c>.</summary>
public sealed record ServerOptions
{
    /// <summary>Listen URL for client traffic (YAML <c>listen</c>). Default <c>http://127.0.0.1:9280</c>.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:9280";

    /// <summary>Largest request body accepted, in bytes (YAML <c>max_request_body_bytes</c>). Default 100 MiB, as Elasticsearch's http.max_content_length.</summary>
    public long MaxRequestBodyBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>
    /// Separate listen URL for the sidecar's own endpoints (<c>/_rerank/...</c>) (YAML <c>management_listen</c>).
    /// When set, those endpoints answer only there, and the client listener serves only Elasticsearch traffic.
    /// </summary>
    public string? ManagementListen { get; init; }

    /// <summary>Seconds to drain in-flight requests on shutdown (YAML <c>shutdown_timeout_s</c>). Default 15.</summary>
    public int ShutdownTimeoutSeconds { get; init; } = 15;

    /// <summary>
    /// Bytes of a response the sidecar may hold for a client before it waits for the client to read
    /// (YAML <c>response_buffer_bytes</c>). Default 1 MiB: a typical search answer goes out in one piece, without the
    /// forwarding loop waiting on the socket between reads (Kestrel's own default is 64 KiB).
    /// </summary>
    public long ResponseBufferBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Run socket completions and request processing on the I/O threads (YAML <c>inline_io</c>). Default on:
    /// pass-through exchanges then need no thread hand-offs; parsing, reranking and inference always move to the
    /// worker pool. Off: every completion is handed to the worker pool (the .NET default).
    /// </summary>
    public bool InlineIo { get; init; } = true;
}
