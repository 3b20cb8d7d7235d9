using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Http.Handlers;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Http;

/// <summary>
/// The single Kestrel request delegate: reads and records the body, decodes it, routes, and writes the
/// response with Elasticsearch's headers (<c>X-Elastic-Product</c>, JSON content type).
/// </summary>
public sealed class RequestDispatcher
{
    private readonly Router _router = new();
    private readonly RequestLog _log;

    public RequestDispatcher(IndexRegistry registry, RequestLog log)
    {
        _log = log;
        new ClusterHandlers(registry).Register(_router);
        new IndexAdminHandlers(registry).Register(_router);
        new DocumentHandlers(registry).Register(_router);
        new BulkHandler(registry).Register(_router);
        new SearchHandlers(registry).Register(_router);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var http = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Path + http.QueryString).ToString();
        EsResponse response;
        var pretty = false;
        try
        {
            var raw = await RequestBody.ReadRawAsync(http.Body, http.ContentLength, context.RequestAborted);
            byte[] decoded;
            try
            {
                decoded = RequestBody.Decode(raw, http.Headers.ContentEncoding.ToString());
            }
            finally
            {
                _log.Add(new ReceivedRequest(http.Method, rawTarget, Headers(http), raw.Length,
                    RequestBody.Sha256Hex(raw), TryPreview(raw, http.Headers.ContentEncoding.ToString())));
            }

            var request = Parse(http.Method, rawTarget, decoded);
            pretty = request.Query.TryGetValue("pretty", out var p) && p != "false";
            response = _router.Dispatch(request);
        }
        catch (EsException e)
        {
            response = EsResponse.Error(e);
        }
        catch (JsonException e)
        {
            response = EsResponse.Error(JsonParsing.Malformed(e));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            response = EsResponse.Error(new EsException(500, "exception", $"{e.GetType().Name}: {e.Message}"));
        }

        await WriteAsync(context, response, pretty, http.Method == "HEAD");
    }

    private static EsRequest Parse(string method, string rawTarget, byte[] body)
    {
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? rawTarget : rawTarget[..q];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q >= 0)
        {
            foreach (var pair in rawTarget[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Unescape(eq < 0 ? pair : pair[..eq]);
                query[name] = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            }
        }

        return new EsRequest(method, path.Length == 0 ? "/" : path, segments, query, body);
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static Dictionary<string, string> Headers(HttpRequest http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Headers)
        {
            headers[name] = values.ToString();
        }

        return headers;
    }

    private static string? TryPreview(byte[] raw, string contentEncoding)
    {
        try
        {
            return RequestBody.Preview(RequestBody.Decode(raw, contentEncoding));
        }
        catch (EsException)
        {
            return RequestBody.Preview(raw);
        }
    }

    private static async Task WriteAsync(HttpContext context, EsResponse response, bool pretty, bool head)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        http.Headers["X-Elastic-Product"] = "Elasticsearch";
        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        byte[] body;
        if (response.Text is { } text)
        {
            http.ContentType = "text/plain; charset=UTF-8";
            body = System.Text.Encoding.UTF8.GetBytes(text);
        }
        else
        {
            http.ContentType = "application/json; charset=UTF-8";
            body = Render(response.Json, pretty);
        }

        http.ContentLength = body.Length;
        if (!head && body.Length > 0)
        {
            await http.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static byte[] Render(Action<Utf8JsonWriter>? json, bool pretty)
    {
        if (json is null)
        {
            return [];
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, pretty ? JsonWriting.Indented : JsonWriting.Compact))
        {
            json(writer);
        }

        if (pretty)
        {
            System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
