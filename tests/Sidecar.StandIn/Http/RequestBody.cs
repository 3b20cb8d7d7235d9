using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Http;

/// <summary>Reads (bounded) and decompresses request bodies.</summary>
public static class RequestBody
{
    /// <summary>Largest accepted body, before and after decompression.</summary>
    public const int MaxBytes = 100 * 1024 * 1024;

    private const int TextPreviewBytes = 64 * 1024;

    public static async Task<byte[]> ReadRawAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        if (contentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream(contentLength is > 0 and < MaxBytes ? (int)contentLength.Value : 4096);
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Undoes <c>Content-Encoding</c> gzip / deflate (zlib or raw) / identity.</summary>
    public static byte[] Decode(byte[] raw, string? contentEncoding)
    {
        if (raw.Length == 0 || string.IsNullOrWhiteSpace(contentEncoding))
        {
            return raw;
        }

        var encoding = contentEncoding.Trim().ToLowerInvariant();
        try
        {
            return encoding switch
            {
                "gzip" or "x-gzip" => Inflate(new GZipStream(new MemoryStream(raw), CompressionMode.Decompress)),
                "deflate" => InflateDeflate(raw),
                "identity" => raw,
                _ => throw new EsException(415, "illegal_argument_exception",
                    $"unsupported Content-Encoding [{contentEncoding}]"),
            };
        }
        catch (InvalidDataException e)
        {
            throw EsErrors.IllegalArgument($"failed to decompress the request body ({encoding}): {e.Message}");
        }
    }

    public static string Sha256Hex(byte[] raw) => Convert.ToHexStringLower(SHA256.HashData(raw));

    public static string? Preview(byte[] decoded) =>
        decoded.Length == 0 ? null : Encoding.UTF8.GetString(decoded, 0, Math.Min(decoded.Length, TextPreviewBytes));

    private static byte[] InflateDeflate(byte[] raw)
    {
        try
        {
            return Inflate(new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress));
        }
        catch (InvalidDataException)
        {
            return Inflate(new DeflateStream(new MemoryStream(raw), CompressionMode.Decompress));
        }
    }

    private static byte[] Inflate(Stream decompressor)
    {
        using (decompressor)
        {
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = decompressor.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > MaxBytes)
                {
                    throw TooLarge();
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
    }

    private static EsException TooLarge() =>
        new(413, "content_too_long_exception", $"request body is larger than the stand-in limit of {MaxBytes} bytes");
}
