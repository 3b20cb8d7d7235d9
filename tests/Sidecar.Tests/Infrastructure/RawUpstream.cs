using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A scripted HTTP/1.1 upstream on 127.0.0.1 speaking raw bytes, for framing cases a real server never produces on
/// demand (chunk extensions, trailers, interim answers, close-delimited bodies, cut-off bodies, silent closes). Each
/// request's head and body are recorded; <see cref="Script"/> gives the bytes to answer with.
/// </summary>
public sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;
    private int _requests;
    private int _closedByPeer;

    private RawUpstream()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUri { get; }

    /// <summary>Connections the other side (the sidecar) closed between requests.</summary>
    public int ClosedByPeer => Volatile.Read(ref _closedByPeer);

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Requests read so far (head text, body), in arrival order.</summary>
    public ConcurrentQueue<(string Head, byte[] Body)> Requests { get; } = new();

    /// <summary>(request number from 0, head, body) -> the answer; <see cref="Reply.Close"/> closes the connection after it.</summary>
    public Func<int, string, byte[], Reply> Script { get; set; } = (_, _, _) => Reply.Ok("{}");

    public static RawUpstream Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new List<byte>();
        var chunk = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int headEnd;
                while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
                {
                    var n = await socket.ReceiveAsync(chunk, SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        if (buffer.Count == 0)
                        {
                            Interlocked.Increment(ref _closedByPeer);
                        }

                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n));
                }

                var head = Encoding.Latin1.GetString(buffer.GetRange(0, headEnd).ToArray());
                buffer.RemoveRange(0, headEnd + 4);
                var length = 0;
                foreach (var line in head.Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                while (buffer.Count < length)
                {
                    var n = await socket.ReceiveAsync(chunk, SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n));
                }

                var body = buffer.GetRange(0, length).ToArray();
                buffer.RemoveRange(0, length);
                Requests.Enqueue((head, body));
                var reply = Script(Interlocked.Increment(ref _requests) - 1, head, body);
                foreach (var part in reply.Parts)
                {
                    if (reply.PauseMs > 0)
                    {
                        await Task.Delay(reply.PauseMs, _stop.Token);
                    }

                    await socket.SendAsync(part, SocketFlags.None, _stop.Token);
                }

                if (reply.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The bytes of one answer, sent in <see cref="Parts"/> (with <see cref="PauseMs"/> before each).</summary>
    public sealed record Reply(IReadOnlyList<byte[]> Parts, bool Close = false, int PauseMs = 0)
    {
        public static Reply Raw(string text, bool close = false) => new([Encoding.Latin1.GetBytes(text)], close);

        public static Reply Ok(string json) =>
            Raw($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");

        /// <summary>Reads the request and closes the connection without answering.</summary>
        public static Reply Nothing => new([], Close: true);
    }
}
