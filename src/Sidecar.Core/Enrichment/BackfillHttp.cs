using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>
/// The backfill's requests to Elasticsearch: transport failures, timeouts, 429 and 5xx are retried with
/// backoff; other statuses abort at once (retrying a 400 or 404 cannot help). Answers are parsed JSON.
/// </summary>
internal sealed class BackfillHttp
{
    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly IReadOnlyList<TimeSpan> _delays;
    private readonly TimeProvider _time;

    public BackfillHttp(HttpClient client, IReadOnlyList<TimeSpan> delays, TimeProvider time)
    {
        var baseAddress = client.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress (the Elasticsearch URL).", nameof(client));
        _client = client;
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _delays = delays;
        _time = time;
    }

    /// <summary>Sends <paramref name="body"/> (JSON, or NDJSON for <c>_bulk</c>) and returns the parsed 2xx answer.</summary>
    public async Task<JsonDocument> PostAsync(string relativeUri, byte[] body, CancellationToken ct)
    {
        var uri = new Uri(_base, relativeUri);
        var contentType = relativeUri.Contains("_bulk", StringComparison.Ordinal) ? "application/x-ndjson" : "application/json";
        for (var attempt = 1; ; attempt++)
        {
            string problem;
            int? status = null;
            Exception? inner = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                var answer = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return Parse(answer, uri);
                }

                problem = $"HTTP {status} {Describe(answer)}";
                if (status != 429 && status < 500)
                {
                    var hint = status == 413 ? " (the bulk is too large: lower the batch size)" : string.Empty;
                    throw new BackfillException($"POST {uri.PathAndQuery} was rejected: {problem}{hint}") { Status = status };
                }
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
                inner = e;
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                problem = "timed out";
                inner = e;
            }

            if (attempt > _delays.Count)
            {
                var message = $"POST {uri.PathAndQuery} failed {attempt} times, giving up: {problem}. Rerun the command to resume.";
                throw inner is null ? new BackfillException(message) { Status = status } : new BackfillException(message, inner) { Status = status };
            }

            await Task.Delay(_delays[attempt - 1], _time, ct).ConfigureAwait(false);
        }
    }

    private static JsonDocument Parse(byte[] answer, Uri uri)
    {
        try
        {
            return JsonDocument.Parse(answer);
        }
        catch (JsonException e)
        {
            throw new BackfillException($"POST {uri.PathAndQuery} answered 2xx but not with JSON: is {uri.GetLeftPart(UriPartial.Authority)} Elasticsearch?", e);
        }
    }

    /// <summary>Elasticsearch's <c>error.type: error.reason</c>, else the start of the body.</summary>
    internal static string Describe(byte[] answer)
    {
        try
        {
            using var doc = JsonDocument.Parse(answer);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error"u8, out var error))
            {
                return Describe(error);
            }
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 300))).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : text;
    }

    /// <summary>An Elasticsearch error object (or string) as <c>type: reason</c>.</summary>
    internal static string Describe(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object)
        {
            var type = error.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var reason = error.TryGetProperty("reason"u8, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return type is null ? reason ?? error.GetRawText() : reason is null ? type : $"{type}: {reason}";
        }

        return error.ValueKind == JsonValueKind.String ? error.GetString() ?? string.Empty : error.GetRawText();
    }
}
