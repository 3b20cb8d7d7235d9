using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Diagnostics;

namespace Sidecar.Personalization;

/// <summary>Writes the JSON answers of the personalization endpoints (Elasticsearch-shaped errors included).</summary>
internal static class JsonResponse
{
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        await WriteBytesAsync(context, status, buffer.WrittenMemory).ConfigureAwait(false);
    }

    /// <summary>An Elasticsearch-shaped error, with <c>Retry-After</c> when <paramref name="retryAfterSeconds"/> is set.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string type, string reason, int? retryAfterSeconds = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        context.Response.Clear();
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteBytesAsync(context, status, EsError.Build(status, type, reason));
    }

    private static async Task WriteBytesAsync(HttpContext context, int status, ReadOnlyMemory<byte> bytes)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        context.Response.Headers[ProxyHeaders.ElasticProduct] = "Elasticsearch";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
