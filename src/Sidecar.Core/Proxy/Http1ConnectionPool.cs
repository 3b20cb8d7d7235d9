using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sidecar.Configuration;

namespace Sidecar.Proxy;

/// <summary>
/// Keep-alive connections to a plain-http upstream for <see cref="Http1Forwarder"/>: at most
/// <c>upstream.max_connections</c> in use at once (more requests wait for one), idle ones reused last-in first-out
/// and closed after <see cref="DefaultIdleTimeout"/> idle (by a timer, or when found) or when the upstream has closed them.
/// </summary>
internal sealed class Http1ConnectionPool : IDisposable
{
    /// <summary>Idle connections older than this are closed rather than reused (Elasticsearch keeps them open longer).</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(50);

    private const long RecentMs = 1000;

    private readonly ConcurrentStack<Http1Connection> _idle = new();
    private readonly SemaphoreSlim _slots;
    private readonly EndPoint _endpoint;
    private readonly int _connectTimeoutMs;
    private readonly long _idleTimeoutMs;
    private readonly Timer _scrubber;
    private readonly Counter<long>? _events;
    private bool _disposed;

    /// <param name="meter">Where <c>sidecar_passthrough_connections_total{event}</c> is counted (opened, stale, expired, retried).</param>
    public Http1ConnectionPool(UpstreamOptions options, TimeSpan? idleTimeout = null, Meter? meter = null)
    {
        _events = meter?.CreateCounter<long>("sidecar_passthrough_connections_total", null,
            "Pass-through connections to the upstream (direct client) by event: opened; stale (found closed by the upstream " +
            "before use); expired (closed after the idle timeout); retried (a request sent again on a new connection)");
        _idleTimeoutMs = (long)(idleTimeout ?? DefaultIdleTimeout).TotalMilliseconds;
        // Connections left idle past the timeout are closed even when no request comes to find them.
        var period = TimeSpan.FromMilliseconds(Math.Max(_idleTimeoutMs / 2, 10));
        _scrubber = new Timer(static state => ((Http1ConnectionPool)state!).CloseExpired(), this, period, period);
        var url = options.Url;
        _endpoint = IPAddress.TryParse(url.IdnHost, out var ip) ? new IPEndPoint(ip, url.Port) : new DnsEndPoint(url.IdnHost, url.Port);
        HostLine = Encoding.ASCII.GetBytes("Host: " + url.Authority + "\r\n");
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        _connectTimeoutMs = options.ConnectTimeoutMs;
    }

    /// <summary>The request's <c>Host</c> line: always the configured upstream.</summary>
    public byte[] HostLine { get; }

    /// <summary>An idle connection that still looks open, or a new one; <paramref name="fresh"/> forces a new one.</summary>
    public async ValueTask<Http1Connection> RentAsync(bool fresh, CancellationToken ct)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
        }

        try
        {
            var now = Environment.TickCount64;
            while (!fresh && _idle.TryPop(out var idle))
            {
                // Readable while idle means closed by the upstream (or junk we must not read as an answer): drop it. A
                // connection used within the last second is taken without asking the kernel (one system call less per
                // request); if the upstream closed it just then, the exchange fails before any answer byte and is sent
                // again on a new connection (Http1Forwarder).
                var idleMs = now - idle.LastUsed;
                if (idleMs < _idleTimeoutMs && (idleMs < RecentMs || !idle.Socket.Poll(0, SelectMode.SelectRead)))
                {
                    idle.Reused = true;
                    idle.ReceivedAny = false;
                    return idle;
                }

                idle.Dispose();
                Count("stale");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_connectTimeoutMs);
                await socket.ConnectAsync(_endpoint, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                socket.Dispose();
                throw new SocketException((int)SocketError.TimedOut, $"connecting to the upstream took longer than {_connectTimeoutMs} ms: {e.Message}");
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            Count("opened");
            return new Http1Connection(socket);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives the connection back: kept for reuse when the exchange ended cleanly, closed otherwise.</summary>
    public void Return(Http1Connection connection, bool reusable)
    {
        if (reusable && !_disposed && connection.Buffered == 0)
        {
            connection.LastUsed = Environment.TickCount64;
            _idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }

        _slots.Release();
    }

    /// <summary>Counts a connection event (rare ones only: never per request).</summary>
    public void Count(string @event) => _events?.Add(1, new KeyValuePair<string, object?>("event", @event));

    /// <summary>Idle connections (for tests and metrics).</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Closes idle connections older than the idle timeout; the others go back, most recently used on top.</summary>
    internal void CloseExpired()
    {
        var now = Environment.TickCount64;
        var keep = new List<Http1Connection>();
        while (_idle.TryPop(out var c))
        {
            if (now - c.LastUsed >= _idleTimeoutMs || _disposed)
            {
                c.Dispose();
                Count(_disposed ? "closed" : "expired");
            }
            else
            {
                keep.Add(c);
            }
        }

        for (var i = keep.Count - 1; i >= 0; i--)
        {
            _idle.Push(keep[i]);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _scrubber.Dispose();
        while (_idle.TryPop(out var c))
        {
            c.Dispose();
        }
    }
}

/// <summary>One upstream connection and its receive buffer (bytes read but not yet consumed: <see cref="Start"/>..<see cref="End"/>).</summary>
internal sealed class Http1Connection : IDisposable
{
    public const int BufferBytes = 16 * 1024;

    public Http1Connection(Socket socket)
    {
        Socket = socket;
        Buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    }

    public Socket Socket { get; }

    public byte[] Buffer { get; private set; }

    public int Start { get; set; }

    public int End { get; set; }

    public int Buffered => End - Start;

    public long LastUsed { get; set; }

    /// <summary>Whether it served an exchange before this one (a failure before any answer byte may then be retried).</summary>
    public bool Reused { get; set; }

    /// <summary>Whether any byte arrived during the current exchange (then it is never retried).</summary>
    public bool ReceivedAny { get; set; }

    public ReadOnlySpan<byte> Unread => Buffer.AsSpan(Start, End - Start);

    /// <summary>Reads more bytes into the buffer (compacting it first, growing it up to <paramref name="maxBytes"/>); 0 at end of stream.</summary>
    public async ValueTask<int> FillAsync(int maxBytes, CancellationToken ct)
    {
        if (Start > 0)
        {
            Buffer.AsSpan(Start, End - Start).CopyTo(Buffer);
            End -= Start;
            Start = 0;
        }

        if (End == Buffer.Length)
        {
            if (Buffer.Length >= maxBytes)
            {
                throw new InvalidDataException($"the upstream's response head is larger than {maxBytes} bytes");
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(Buffer.Length * 2, maxBytes));
            Buffer.AsSpan(0, End).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = bigger;
        }

        var n = await Socket.ReceiveAsync(Buffer.AsMemory(End), SocketFlags.None, ct).ConfigureAwait(false);
        End += n;
        ReceivedAny |= n > 0;
        return n;
    }

    public void Dispose()
    {
        Socket.Dispose();
        var buffer = Buffer;
        Buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
