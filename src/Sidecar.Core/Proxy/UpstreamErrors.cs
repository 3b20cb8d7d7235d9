using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>Maps upstream transport failures to the status and Elasticsearch-shaped error the client receives.</summary>
public static class UpstreamErrors
{
    public const string Unavailable = "upstream_unavailable_exception";
    public const string Timeout = "upstream_timeout_exception";

    public static (int Status, string Type, string Reason) Describe(ForwarderError error, int timeoutMs) => error switch
    {
        ForwarderError.RequestTimedOut => (504, Timeout, $"Elasticsearch did not answer within {timeoutMs} ms"),
        ForwarderError.RequestBodyClient => (400, "parse_exception", "the request body could not be read from the client"),
        ForwarderError.ResponseBodyDestination or ForwarderError.ResponseBodyClient =>
            (502, Unavailable, "the Elasticsearch response was cut off"),
        _ => (502, Unavailable, "Elasticsearch could not be reached through the sidecar"),
    };

    /// <param name="timeoutMs">The timeout quoted for a cancellation without one of its own (the upstream client's).</param>
    public static (int Status, string Type, string Reason) Describe(Exception e, int timeoutMs, int breakMs = 0) => e switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => (503, Unavailable,
            $"Elasticsearch is failing; the sidecar refuses requests at once for up to {breakMs} ms (circuit open) and then retries"),
        Polly.Timeout.TimeoutRejectedException { Timeout.TotalMilliseconds: > 0 } t =>
            (504, Timeout, $"Elasticsearch did not answer within {t.Timeout.TotalMilliseconds:0} ms"), // the attempt or total timeout that fired
        Polly.Timeout.TimeoutRejectedException or TaskCanceledException or TimeoutException =>
            (504, Timeout, $"Elasticsearch did not answer within {timeoutMs} ms"),
        _ => (502, Unavailable, "Elasticsearch could not be reached through the sidecar"),
    };
}
