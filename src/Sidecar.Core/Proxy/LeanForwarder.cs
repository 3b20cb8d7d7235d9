using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// The pass-through path for plain HTTP/1.1 exchanges (everything but upgrades and CONNECT): the request goes upstream
/// through the shared <see cref="UpstreamClient"/> with every header but hop-by-hop ones and Host, its body streamed;
/// the answer's status and headers come back as sent and its body is read from the upstream connection straight into
/// Kestrel's response pipe, without the intermediate buffer and copy of a general-purpose proxy (measured: ~35 % less
/// CPU per pass-through request than YARP's forwarder here; docs/benchmarks/README.md).
/// Failures before the answer starts are returned as a <see cref="ForwarderError"/> for the caller to turn into an
/// Elasticsearch-shaped error; failures after it started abort the client connection (a truncated answer must not
/// look complete).
/// </summary>
internal static class LeanForwarder
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Largest single read of an answer's body: a 100-hit search answer (~150 KB) in one or two reads.</summary>
    private const int MaxReadBytes = 256 * 1024;

    /// <summary>Client headers never sent upstream: hop-by-hop ones, Host (the upstream's) and the body framing (set per request).</summary>
    internal static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Expect", "Content-Length",
    };

    /// <summary>Upstream headers never returned to the client: hop-by-hop ones.</summary>
    internal static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    /// <summary>Whether the exchange can take this path (anything but protocol upgrades and CONNECT).</summary>
    public static bool Handles(HttpRequest request) =>
        !HttpMethods.IsConnect(request.Method) && request.Headers.Upgrade.Count == 0 && HttpProtocol.IsHttp11(request.Protocol);

    /// <returns>The failure (with its exception) when nothing was sent to the client yet; <see cref="ForwarderError.None"/> otherwise.</returns>
    public static async Task<(ForwarderError Error, Exception? Exception)> ForwardAsync(HttpContext context, UpstreamClient upstream)
    {
        var client = context.Request;
        var aborted = context.RequestAborted;
        using var request = new HttpRequestMessage(HeaderCopy.Method(client.Method),
            RequestUtilities.MakeDestinationAddress(upstream.Prefix, client.Path, client.QueryString))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (client.ContentLength is not null || client.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(client.Body, ChunkBytes);
            if (client.ContentLength is { } length)
            {
                request.Content.Headers.ContentLength = length;
            }
        }

        foreach (var (name, values) in client.Headers)
        {
            if (!NotForwarded.Contains(name))
            {
                HeaderCopy.ToRequest(request, name, values);
            }
        }

        // An inactivity timeout, as YARP's ActivityTimeout: restarted whenever the upstream makes progress.
        using var activity = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var timeout = TimeSpan.FromMilliseconds(upstream.Options.TimeoutMs);
        activity.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await upstream.Invoker.SendAsync(request, activity.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (aborted.IsCancellationRequested)
        {
            return (ForwarderError.RequestCanceled, e);
        }
        catch (OperationCanceledException e)
        {
            return (ForwarderError.RequestTimedOut, e);
        }
        catch (Exception e) when (Find<BadHttpRequestException>(e) is { } bad)
        {
            return (ForwarderError.RequestBodyClient, bad); // the client's body broke a limit or the protocol
        }
        catch (HttpRequestException e)
        {
            return (ForwarderError.Request, e);
        }

        using (response)
        {
            var answer = context.Response;
            answer.StatusCode = (int)response.StatusCode;
            HeaderCopy.ToResponse(response.Headers.NonValidated, answer.Headers, NotReturned);
            HeaderCopy.ToResponse(response.Content.Headers.NonValidated, answer.Headers, NotReturned);

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(activity.Token).ConfigureAwait(false);
                var writer = answer.BodyWriter;
                // Reads sized to the answer (up to 256 KB): Kestrel's pipe serves small hints from its 4 KB blocks, larger
                // ones from one pooled array, and the read lands there directly. An answer of known length goes to the
                // client in pieces of up to 256 KB (one send for a typical search answer; flushes do not wait on the
                // client until server.response_buffer_bytes are pending); one of unknown length (chunked) after every read.
                var length = response.Content.Headers.ContentLength;
                var remaining = length ?? long.MaxValue;
                var unflushed = 0L;
                if (length > 0)
                {
                    // Started, the pipe hands out its own memory and the body is read straight into it (before the start
                    // Kestrel hands out interim memory and copies it over). A failure from here on cuts the connection.
                    await answer.StartAsync(aborted).ConfigureAwait(false);
                }

                while (remaining > 0) // with a length the connection is back in the pool after its last byte: no extra read for the end
                {
                    activity.CancelAfter(timeout);
                    var memory = writer.GetMemory(length is null ? ChunkBytes : (int)Math.Min(remaining, MaxReadBytes));
                    var n = await body.ReadAsync(memory, activity.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    writer.Advance(n);
                    remaining -= n;
                    unflushed += n;
                    if (length is not null && remaining > 0 && unflushed < MaxReadBytes)
                    {
                        continue;
                    }

                    unflushed = 0;
                    var flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        return (ForwarderError.None, null); // the client went away
                    }
                }

                return (ForwarderError.None, null);
            }
            catch (Exception) when (aborted.IsCancellationRequested)
            {
                return (ForwarderError.None, null); // the client went away
            }
            catch (Exception e) when (!answer.HasStarted && answer.BodyWriter.UnflushedBytes == 0)
            {
                // Nothing of the body is in the response pipe yet: an error answer can replace it.
                answer.Headers.Clear(); // the caller answers with an error instead of these
                return (e is OperationCanceledException ? ForwarderError.RequestTimedOut : ForwarderError.ResponseBodyDestination, e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                // The answer is already on its way: cut the connection so the client sees a broken response, not a short one.
                context.Abort();
                return (ForwarderError.None, e);
            }
        }
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
