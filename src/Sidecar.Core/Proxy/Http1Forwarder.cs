using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// The pass-through path to a plain-http upstream (<c>upstream.pass_through_client: direct</c>, the default): the
/// request goes out as one write of its head and body over a pooled keep-alive connection, the answer's head is parsed
/// from the connection's buffer and its body read straight into Kestrel's response pipe. No HttpClient request or
/// response objects, no header collections: measured ~10-20 % less CPU per pass-through exchange than the same path
/// through HttpClient (docs/benchmarks/README.md).
/// <para>
/// It takes requests without a body or with a Content-Length of at most <see cref="MaxBufferedBody"/> (buffered, so
/// a request that meets a connection the upstream had just closed can be sent again on a new one, before any answer
/// byte arrived); larger or chunked uploads, https upstreams and everything else take <see cref="LeanForwarder"/>.
/// Answers are framed as RFC 9112 section 6.3 says: none for HEAD, 1xx, 204 and 304; chunked (decoded here, re-chunked
/// by Kestrel); Content-Length; or until the upstream closes.
/// </para>
/// Failures before the answer starts are returned as a <see cref="ForwarderError"/> for the caller to turn into an
/// Elasticsearch-shaped error; failures after it started abort the client connection (a truncated answer must not look
/// complete).
/// </summary>
internal sealed class Http1Forwarder : IDisposable
{
    /// <summary>Largest request body sent this way (bulk uploads and other large bodies stream through HttpClient).</summary>
    public const int MaxBufferedBody = 64 * 1024;

    /// <summary>Largest response head accepted from the upstream.</summary>
    public const int MaxResponseHead = 64 * 1024;

    private const int MaxReadBytes = 256 * 1024;

    private static readonly HashSet<string> NotForwarded = LeanForwarder.NotForwarded;

    /// <summary>Hop-by-hop headers, and Content-Length (set from the parsed value).</summary>
    private static readonly HashSet<string> NotReturned = new(LeanForwarder.NotReturned, StringComparer.OrdinalIgnoreCase) { "Content-Length" };

    private readonly Http1ConnectionPool _pool;
    private readonly int _timeoutMs;

    public Http1Forwarder(UpstreamClient upstream, System.Diagnostics.Metrics.Meter? meter = null)
    {
        _pool = new Http1ConnectionPool(upstream.Options, meter: meter);
        _timeoutMs = upstream.Options.TimeoutMs;
    }

    /// <summary>Whether the upstream can be reached this way at all (plain http).</summary>
    public static bool Supports(UpstreamClient upstream) => upstream.BaseUri.Scheme == Uri.UriSchemeHttp;

    /// <summary>Whether this exchange can take the path (see the class summary); the caller checked <see cref="LeanForwarder.Handles"/>.</summary>
    public static bool Handles(HttpRequest request) =>
        request.Headers.TransferEncoding.Count == 0 && (request.ContentLength ?? 0) <= MaxBufferedBody &&
        (request.QueryString.Value is not { } query || System.Text.Ascii.IsValid(query));

    /// <returns>The failure (with its exception) when nothing was sent to the client yet; <see cref="ForwarderError.None"/> otherwise.</returns>
    public async Task<(ForwarderError Error, Exception? Exception)> ForwardAsync(HttpContext context)
    {
        var client = context.Request;
        var aborted = context.RequestAborted;
        byte[]? request = null;
        try
        {
            int length;
            try
            {
                (request, length) = await WriteRequestAsync(client, _pool.HostLine, aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (aborted.IsCancellationRequested)
            {
                return (ForwarderError.RequestCanceled, e);
            }
            catch (Exception e) when (e is BadHttpRequestException or IOException)
            {
                return (ForwarderError.RequestBodyClient, e);
            }

            using var activity = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            for (var attempt = 0; ; attempt++)
            {
                Http1Connection connection;
                try
                {
                    connection = await _pool.RentAsync(fresh: attempt > 0, aborted).ConfigureAwait(false);
                }
                catch (Exception e) when (aborted.IsCancellationRequested)
                {
                    return (ForwarderError.RequestCanceled, e);
                }
                catch (Exception e) when (e is SocketException or IOException)
                {
                    return (ForwarderError.Request, e);
                }

                var reusable = false;
                try
                {
                    activity.CancelAfter(_timeoutMs);
                    await SendAllAsync(connection.Socket, request.AsMemory(0, length), activity.Token).ConfigureAwait(false);
                    var head = await ReadHeadAsync(connection, HttpMethods.IsHead(client.Method), activity, _timeoutMs).ConfigureAwait(false);
                    if (head is null)
                    {
                        // The upstream closed the connection before answering: a kept-alive connection it had just dropped.
                        if (connection.Reused && attempt == 0)
                        {
                            _pool.Count("retried");
                            continue;
                        }

                        return (ForwarderError.Request, new IOException("the upstream closed the connection without answering"));
                    }

                    (var error, var exception, reusable) = await RelayAsync(context, connection, head.Value, activity, _timeoutMs).ConfigureAwait(false);
                    return (error, exception);
                }
                catch (Exception e) when (connection.Reused && !connection.ReceivedAny && attempt == 0 && !aborted.IsCancellationRequested &&
                                          e is SocketException or IOException)
                {
                    // A connection the upstream had just closed fails (broken pipe, reset) before any answer byte: once more on a new one.
                    reusable = false;
                    _pool.Count("retried");
                }
                catch (Exception e) when (aborted.IsCancellationRequested)
                {
                    return (ForwarderError.RequestCanceled, e);
                }
                catch (OperationCanceledException e)
                {
                    return (ForwarderError.RequestTimedOut, e);
                }
                catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
                {
                    return (ForwarderError.Request, e);
                }
                finally
                {
                    _pool.Return(connection, reusable);
                }
            }
        }
        finally
        {
            if (request is not null)
            {
                ArrayPool<byte>.Shared.Return(request);
            }
        }
    }

    /// <summary>Request line, headers (the client's, minus hop-by-hop ones; Host: the upstream), Content-Length and body in one buffer.</summary>
    private static async ValueTask<(byte[] Buffer, int Length)> WriteRequestAsync(HttpRequest client, byte[] hostLine, CancellationToken ct)
    {
        // PathString.Value is unescaped: ToUriComponent escapes it back as it came (as HttpClient's Uri did), keeping
        // escapes Kestrel leaves in place (%2F in a document id).
        var path = client.Path.HasValue ? client.Path.ToUriComponent() : "/";
        var query = client.QueryString.Value ?? string.Empty;
        var bodyLength = (int)(client.ContentLength ?? 0);
        var size = client.Method.Length + path.Length + query.Length + hostLine.Length + 64 + bodyLength;
        foreach (var (name, values) in client.Headers)
        {
            foreach (var v in values)
            {
                size += name.Length + (v?.Length ?? 0) + 4;
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var n = Encoding.Latin1.GetBytes(client.Method, buffer);
            buffer[n++] = (byte)' ';
            n += Encoding.Latin1.GetBytes(path, buffer.AsSpan(n));
            n += Encoding.Latin1.GetBytes(query, buffer.AsSpan(n));
            " HTTP/1.1\r\n"u8.CopyTo(buffer.AsSpan(n));
            n += 11;
            hostLine.CopyTo(buffer.AsSpan(n));
            n += hostLine.Length;
            foreach (var (name, values) in client.Headers)
            {
                if (NotForwarded.Contains(name))
                {
                    continue;
                }

                foreach (var v in values)
                {
                    n += Encoding.Latin1.GetBytes(name, buffer.AsSpan(n));
                    buffer[n++] = (byte)':';
                    buffer[n++] = (byte)' ';
                    n += Encoding.Latin1.GetBytes(v ?? string.Empty, buffer.AsSpan(n));
                    buffer[n++] = (byte)'\r';
                    buffer[n++] = (byte)'\n';
                }
            }

            if (client.ContentLength is { } declared)
            {
                "Content-Length: "u8.CopyTo(buffer.AsSpan(n));
                n += 16;
                Utf8Formatter.TryFormat(declared, buffer.AsSpan(n), out var written);
                n += written;
                buffer[n++] = (byte)'\r';
                buffer[n++] = (byte)'\n';
            }

            buffer[n++] = (byte)'\r';
            buffer[n++] = (byte)'\n';
            var read = 0;
            while (read < bodyLength)
            {
                var got = await client.Body.ReadAsync(buffer.AsMemory(n + read, bodyLength - read), ct).ConfigureAwait(false);
                if (got == 0)
                {
                    throw new IOException("the client's body ended before its Content-Length");
                }

                read += got;
            }

            return (buffer, n + read);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <summary>Reads and parses the answer's head (skipping interim 1xx answers); null if the upstream closed before sending a byte.</summary>
    private static async ValueTask<ResponseHead?> ReadHeadAsync(Http1Connection connection, bool isHead, CancellationTokenSource activity, int timeoutMs)
    {
        var any = connection.Buffered > 0;
        while (true)
        {
            var end = connection.Unread.IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                activity.CancelAfter(timeoutMs);
                if (await connection.FillAsync(MaxResponseHead, activity.Token).ConfigureAwait(false) == 0)
                {
                    return any ? throw new IOException("the upstream closed the connection in the middle of its response head") : null;
                }

                any = true;
                continue;
            }

            var head = ResponseHead.Parse(connection.Unread[..(end + 2)], isHead);
            connection.Start += end + 4;
            if (head.Status is >= 100 and < 200)
            {
                if (head.Status == 101)
                {
                    throw new InvalidDataException("the upstream switched protocols on a request that did not ask for it");
                }

                continue; // 100 Continue, 103 Early Hints: the real answer follows
            }

            return head;
        }
    }

    private static async ValueTask<(ForwarderError Error, Exception? Exception, bool Reusable)> RelayAsync(HttpContext context,
        Http1Connection connection, ResponseHead head, CancellationTokenSource activity, int timeoutMs)
    {
        var answer = context.Response;
        var aborted = context.RequestAborted;
        answer.StatusCode = head.Status;
        foreach (var (name, value) in head.Headers)
        {
            if (!NotReturned.Contains(name))
            {
                answer.Headers.Append(name, value);
            }
        }

        if (head.ContentLength >= 0 && head.Status is not (204 or 304))
        {
            answer.ContentLength = head.ContentLength; // for HEAD too: the length the body would have
        }

        if (head.Framing == Framing.None || (head.Framing == Framing.Length && head.ContentLength == 0))
        {
            return (ForwarderError.None, null, head.KeepAlive);
        }

        try
        {
            if (head.Framing == Framing.Length)
            {
                // Start the answer (status and headers into the pipe, not yet sent) so that the body is received straight
                // into the pipe: before the start Kestrel hands out interim memory and copies it over at the start (~7 %
                // of the CPU per pass-through exchange in a profile). A failure from here on cuts the client connection.
                await answer.StartAsync(aborted).ConfigureAwait(false);
            }

            var complete = head.Framing switch
            {
                Framing.Length => await CopyLengthAsync(connection, answer.BodyWriter, head.ContentLength, activity, timeoutMs, aborted).ConfigureAwait(false),
                Framing.Chunked => await CopyChunkedAsync(connection, answer.BodyWriter, activity, timeoutMs, aborted).ConfigureAwait(false),
                _ => await CopyToEndAsync(connection, answer.BodyWriter, activity, timeoutMs, aborted).ConfigureAwait(false),
            };
            return (ForwarderError.None, null, complete && head.KeepAlive && head.Framing != Framing.UntilClose);
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            return (ForwarderError.None, null, false); // the client went away
        }
        catch (Exception e) when (!answer.HasStarted && answer.BodyWriter.UnflushedBytes == 0)
        {
            // Nothing of the body is in the response pipe yet: an error answer can replace it.
            answer.Headers.Clear(); // the caller answers with an error instead of these
            return (e is OperationCanceledException ? ForwarderError.RequestTimedOut : ForwarderError.ResponseBodyDestination, e, false);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException or OperationCanceledException)
        {
            // The answer is already on its way: cut the connection so the client sees a broken response, not a short one.
            context.Abort();
            return (ForwarderError.None, e, false);
        }
    }

    /// <summary>
    /// Content-Length body in blocks of up to 256 KB: each block is one piece of the response pipe (the bytes already
    /// buffered with the head copied in first, the rest received straight into it), committed and flushed when full,
    /// so that a typical search answer leaves in one send of two pieces (Kestrel's head block and this one; more
    /// pieces cost a pinning handle each). False if the client went away.
    /// </summary>
    private static async ValueTask<bool> CopyLengthAsync(Http1Connection connection, System.IO.Pipelines.PipeWriter writer, long length,
        CancellationTokenSource activity, int timeoutMs, CancellationToken aborted)
    {
        var remaining = length;
        while (remaining > 0)
        {
            var block = writer.GetMemory((int)Math.Min(remaining, MaxReadBytes));
            if (block.Length > remaining)
            {
                block = block[..(int)remaining];
            }

            var filled = 0;
            if (connection.Buffered > 0)
            {
                filled = Math.Min(block.Length, connection.Buffered);
                connection.Unread[..filled].CopyTo(block.Span);
                connection.Start += filled;
            }

            while (filled < block.Length)
            {
                activity.CancelAfter(timeoutMs);
                var n = await connection.Socket.ReceiveAsync(block[filled..], SocketFlags.None, activity.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException($"the upstream closed the connection {remaining - filled} bytes before the end of its response");
                }

                filled += n;
            }

            writer.Advance(filled);
            remaining -= filled;
            var flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Chunked body: decoded (chunk sizes, extensions and trailers dropped), each chunk flushed as it arrives.</summary>
    private static async ValueTask<bool> CopyChunkedAsync(Http1Connection connection, System.IO.Pipelines.PipeWriter writer,
        CancellationTokenSource activity, int timeoutMs, CancellationToken aborted)
    {
        while (true)
        {
            var line = (await ReadLineAsync(connection, activity, timeoutMs).ConfigureAwait(false)).Span;
            var semicolon = line.IndexOf((byte)';');
            var digits = (semicolon >= 0 ? line[..semicolon] : line).Trim(" \t"u8);
            if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var used, 'x') || used != digits.Length)
            {
                throw new InvalidDataException("the upstream sent a malformed chunk size");
            }

            if (size == 0)
            {
                // Trailers (dropped) up to the empty line.
                while (!(await ReadLineAsync(connection, activity, timeoutMs).ConfigureAwait(false)).IsEmpty)
                {
                }

                return true;
            }

            var remaining = size;
            while (remaining > 0)
            {
                if (connection.Buffered > 0)
                {
                    var take = (int)Math.Min(remaining, connection.Buffered);
                    writer.Write(connection.Unread[..take]);
                    connection.Start += take;
                    remaining -= take;
                    continue;
                }

                remaining -= await ReceiveIntoAsync(connection, writer, remaining, activity, timeoutMs).ConfigureAwait(false);
            }

            if (!(await ReadLineAsync(connection, activity, timeoutMs).ConfigureAwait(false)).IsEmpty)
            {
                throw new InvalidDataException("the upstream's chunk did not end where its size said");
            }

            var flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return false;
            }
        }
    }

    /// <summary>Receives at most <paramref name="remaining"/> body bytes straight into the response pipe (advanced); throws at end of stream.</summary>
    private static async ValueTask<int> ReceiveIntoAsync(Http1Connection connection, System.IO.Pipelines.PipeWriter writer, long remaining,
        CancellationTokenSource activity, int timeoutMs)
    {
        var memory = writer.GetMemory((int)Math.Min(remaining, MaxReadBytes));
        if (memory.Length > remaining)
        {
            memory = memory[..(int)remaining];
        }

        activity.CancelAfter(timeoutMs);
        var n = await connection.Socket.ReceiveAsync(memory, SocketFlags.None, activity.Token).ConfigureAwait(false);
        if (n == 0)
        {
            throw new IOException($"the upstream closed the connection {remaining} bytes before the end of the body (or chunk) it announced");
        }

        writer.Advance(n);
        return n;
    }

    /// <summary>A body delimited by the end of the connection (no length, not chunked).</summary>
    private static async ValueTask<bool> CopyToEndAsync(Http1Connection connection, System.IO.Pipelines.PipeWriter writer,
        CancellationTokenSource activity, int timeoutMs, CancellationToken aborted)
    {
        if (connection.Buffered > 0)
        {
            writer.Write(connection.Unread);
            connection.Start = connection.End;
        }

        while (true)
        {
            var memory = writer.GetMemory(64 * 1024);
            activity.CancelAfter(timeoutMs);
            var n = await connection.Socket.ReceiveAsync(memory, SocketFlags.None, activity.Token).ConfigureAwait(false);
            if (n == 0)
            {
                await writer.FlushAsync(aborted).ConfigureAwait(false);
                return true;
            }

            writer.Advance(n);
            var flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return false;
            }
        }
    }

    /// <summary>The next CRLF-terminated line from the connection (without the CRLF), consumed.</summary>
    private static async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(Http1Connection connection, CancellationTokenSource activity, int timeoutMs)
    {
        while (true)
        {
            var end = connection.Unread.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = connection.Buffer.AsMemory(connection.Start, end);
                connection.Start += end + 2;
                return line;
            }

            if (connection.Buffered >= 4096)
            {
                throw new InvalidDataException("the upstream sent a chunk header or trailer line longer than 4096 bytes");
            }

            activity.CancelAfter(timeoutMs);
            if (await connection.FillAsync(Http1Connection.BufferBytes, activity.Token).ConfigureAwait(false) == 0)
            {
                throw new IOException("the upstream closed the connection in the middle of a chunked response");
            }
        }
    }

    public void Dispose() => _pool.Dispose();

    private enum Framing
    {
        None,
        Length,
        Chunked,
        UntilClose,
    }

    /// <summary>A parsed status line and header block (values as sent, Latin-1).</summary>
    private readonly record struct ResponseHead(int Status, List<(string Name, string Value)> Headers, Framing Framing, long ContentLength, bool KeepAlive)
    {
        public static ResponseHead Parse(ReadOnlySpan<byte> head, bool isHeadRequest)
        {
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = head[..lineEnd];
            // HTTP/1.x SP 3DIGIT [SP reason]
            if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' ' ||
                !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var used) || used != 3 || status < 100 || status > 999 ||
                (statusLine.Length > 12 && statusLine[12] != (byte)' '))
            {
                throw new InvalidDataException("the upstream sent a malformed status line");
            }

            var http10 = statusLine[7] == (byte)'0';
            var headers = new List<(string, string)>(8);
            long contentLength = -1;
            bool chunked = false, transferEncoding = false, close = false, keepAlive = false;
            var rest = head[(lineEnd + 2)..];
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf("\r\n"u8);
                var line = rest[..end];
                rest = rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || line[colon - 1] is (byte)' ' or (byte)'\t')
                {
                    throw new InvalidDataException("the upstream sent a malformed header line");
                }

                var nameBytes = line[..colon];
                var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
                var name = Intern(nameBytes) ?? Encoding.Latin1.GetString(nameBytes);
                var value = Encoding.Latin1.GetString(valueBytes);
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!Utf8Parser.TryParse(valueBytes, out long parsed, out var n) || n != valueBytes.Length || parsed < 0 ||
                        (contentLength >= 0 && contentLength != parsed))
                    {
                        throw new InvalidDataException("the upstream sent an invalid Content-Length");
                    }

                    contentLength = parsed;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    transferEncoding = true;
                    var last = value.AsSpan();
                    var comma = last.LastIndexOf(',');
                    chunked = (comma >= 0 ? last[(comma + 1)..] : last).Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    close |= value.Contains("close", StringComparison.OrdinalIgnoreCase);
                    keepAlive |= value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase);
                }

                headers.Add((name, value));
            }

            var framing = isHeadRequest || status is < 200 or 204 or 304 ? Framing.None
                : transferEncoding ? (chunked ? Framing.Chunked : Framing.UntilClose)
                : contentLength >= 0 ? Framing.Length
                : Framing.UntilClose;
            var reusable = !close && (!http10 || keepAlive) && !(transferEncoding && !chunked);
            return new ResponseHead(status, headers, framing, transferEncoding ? -1 : contentLength, reusable);
        }

        /// <summary>The header names Elasticsearch always sends, without allocating them per answer.</summary>
        private static string? Intern(ReadOnlySpan<byte> name) => name switch
        {
            _ when name.SequenceEqual("content-type"u8) => "content-type",
            _ when name.SequenceEqual("Content-Type"u8) => "Content-Type",
            _ when name.SequenceEqual("content-length"u8) => "content-length",
            _ when name.SequenceEqual("Content-Length"u8) => "Content-Length",
            _ when name.SequenceEqual("X-elastic-product"u8) => "X-elastic-product",
            _ when name.SequenceEqual("X-Elastic-Product"u8) => "X-Elastic-Product",
            _ when name.SequenceEqual("content-encoding"u8) => "content-encoding",
            _ => null,
        };
    }
}
