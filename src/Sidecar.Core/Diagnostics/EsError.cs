using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Diagnostics;

/// <summary>
/// Errors the sidecar itself answers, shaped as Elasticsearch's
/// (<c>{"error":{"root_cause":[...],"type","reason"},"status":N}</c>) so every client parses them.
/// </summary>
public static class EsError
{
    public static async Task WriteAsync(HttpContext context, int status, string type, string reason)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        context.Response.Headers[ProxyHeaders.ElasticProduct] = "Elasticsearch";
        if (status == 413)
        {
            // The rest of the body is not read, so Kestrel drops the connection: say so, or the client reuses it and fails.
            context.Response.Headers.Connection = "close";
        }

        await context.Response.Body.WriteAsync(Build(status, type, reason), context.RequestAborted).ConfigureAwait(false);
    }

    public static byte[] Build(int status, string type, string reason)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("error"u8);
            w.WriteStartArray("root_cause"u8);
            w.WriteStartObject();
            w.WriteString("type"u8, type);
            w.WriteString("reason"u8, reason);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("type"u8, type);
            w.WriteString("reason"u8, reason);
            w.WriteEndObject();
            w.WriteNumber("status"u8, status);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
