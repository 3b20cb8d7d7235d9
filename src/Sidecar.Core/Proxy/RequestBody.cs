using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Proxy;

/// <summary>Reads a request body into memory within a size limit and undoes its Content-Encoding.</summary>
public static class RequestBody
{
    public enum Status
    {
        Ok,
        TooLarge,
        BadEncoding,
    }

    /// <summary>Buffers the raw body (as received) into <paramref name="raw"/>.</summary>
    public static async ValueTask<Status> ReadRawAsync(HttpRequest request, PooledBuffer raw, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return Status.TooLarge;
        }

        var complete = await raw.ReadFromAsync(request.Body, limit, ct).ConfigureAwait(false);
        await Hosting.IoThreads.LeaveAsync(); // the body is parsed next: not on an I/O thread
        return complete ? Status.Ok : Status.TooLarge;
    }

    /// <summary>
    /// Decodes gzip/deflate/br bodies into <paramref name="decoded"/>; returns the decoded bytes, or the raw bytes
    /// when the body is not encoded. The official .NET client gzips request bodies by default.
    /// </summary>
    public static Status Decode(string? contentEncoding, PooledBuffer raw, PooledBuffer decoded, long limit, out ReadOnlyMemory<byte> body)
    {
        body = raw.WrittenMemory;
        if (string.IsNullOrWhiteSpace(contentEncoding) || contentEncoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Status.Ok;
        }

        try
        {
            using var input = new ReadOnlyMemoryStream(raw.WrittenMemory);
            using Stream decoder = contentEncoding.Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                _ => throw new InvalidDataException("unsupported content encoding"),
            };
            if (!decoded.ReadFrom(decoder, limit))
            {
                return Status.TooLarge;
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException) // BrotliStream throws the latter on bad data
        {
            return Status.BadEncoding;
        }

        body = decoded.WrittenMemory;
        return Status.Ok;
    }
}
