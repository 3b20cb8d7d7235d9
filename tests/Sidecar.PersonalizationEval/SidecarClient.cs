using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sidecar.PersonalizationEval;

/// <summary>A search answer: hit ids in order and the sidecar's <c>X-Rerank</c> header.</summary>
public sealed record SearchReply(IReadOnlyList<string> Ids, IReadOnlyList<double> Scores, string? Rerank)
{
    /// <summary>Exactly <c>applied</c>: reranked, and (for a user) with the profile available.</summary>
    public bool Applied => Rerank == "applied";
}

/// <summary>Totals of the events API answers.</summary>
public sealed class EventTotals
{
    public int Sent { get; set; }

    public int Accepted { get; set; }

    public int Duplicates { get; set; }

    public int Rejected { get; set; }

    public int Failed { get; set; }

    public int ProfilesPending { get; set; }

    /// <summary>429/503 answers honoured (waited Retry-After, sent again).</summary>
    public int Backoffs { get; set; }

    public List<string> Problems { get; } = [];
}

/// <summary>The sidecar over HTTP: searches (with or without <c>X-User-Id</c>), the events API, the effective config.</summary>
public sealed class SidecarClient : IDisposable
{
    private static readonly string[] Fields = ["title^2", "brand", "category", "bullet_points", "description"];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Uri _base;
    private readonly string _index;
    private readonly string _apiKey;

    public SidecarClient(Uri baseUri, string index, string apiKey)
    {
        _base = baseUri;
        _index = index;
        _apiKey = apiKey;
    }

    /// <summary>
    /// The reference first stage (as <c>./scripts/eval.sh</c>): BM25 <c>multi_match</c> most_fields over the
    /// catalogue's text fields, the top <paramref name="size"/>; <c>X-User-Id</c> only when <paramref name="userId"/> is given.
    /// </summary>
    /// <exception cref="HttpRequestException">Not a 2xx answer, or not a search response.</exception>
    public async Task<SearchReply> SearchAsync(string query, int size, string? userId, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("size", size);
            w.WriteStartObject("query");
            w.WriteStartObject("multi_match");
            w.WriteString("query", query);
            w.WriteString("type", "most_fields");
            w.WriteStartArray("fields");
            foreach (var f in Fields)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("_source");
            w.WriteStringValue("title");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, Uri.EscapeDataString(_index) + "/_search"));
        request.Content = new ByteArrayContent(stream.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (userId is not null)
        {
            request.Headers.Add("X-User-Id", userId);
        }

        using var response = await _http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{_index}/_search answered {(int)response.StatusCode}: {Start(bytes)}");
        }

        var rerank = response.Headers.TryGetValues("X-Rerank", out var values) ? string.Join(",", values) : null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var ids = new List<string>();
            var scores = new List<double>();
            foreach (var hit in doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
            {
                ids.Add(hit.GetProperty("_id").GetString() ?? string.Empty);
                scores.Add(hit.TryGetProperty("_score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : double.NaN);
            }

            return new SearchReply(ids, scores, rerank);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HttpRequestException($"{_index}/_search did not answer a search response: {Start(bytes)}", e);
        }
    }

    /// <summary>
    /// POSTs <paramref name="events"/> as a JSON array to <c>/_rerank/events</c>; on 429/503 waits Retry-After
    /// (default 1 s) and sends again, up to <paramref name="maxBackoffs"/> times. Adds the answer to <paramref name="totals"/>.
    /// </summary>
    public async Task PostEventsAsync(IReadOnlyList<SimEvent> events, string index, EventTotals totals, int maxBackoffs, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WriteString("event_id", e.EventId);
                w.WriteString("user_id", e.UserId);
                w.WriteString("type", e.Type);
                w.WriteString("item_id", e.ItemId);
                w.WriteString("index", index);
                w.WriteString("query", e.Query);
                w.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        var body = stream.ToArray();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, "_rerank/events"));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Rerank-Api-Key", _apiKey);
            using var response = await _http.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && Start(bytes).Contains("no user id hash key", StringComparison.Ordinal))
            {
                throw new HttpRequestException($"/_rerank/events answered 503: the sidecar has no user id hash key (start it with SIDECAR_USER_ID_KEY): {Start(bytes)}");
            }

            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < maxBackoffs)
            {
                totals.Backoffs++;
                var wait = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } d ? d - DateTimeOffset.UtcNow : null);
                await Task.Delay(wait is { } w && w > TimeSpan.Zero ? w : TimeSpan.FromSeconds(1), ct);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"/_rerank/events answered {(int)response.StatusCode}: {Start(bytes)}");
            }

            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            totals.Sent += events.Count;
            totals.Accepted += root.GetProperty("accepted").GetInt32();
            totals.Duplicates += root.GetProperty("duplicates").GetInt32();
            totals.ProfilesPending += root.TryGetProperty("profiles_pending", out var pending) ? pending.GetInt32() : 0;
            totals.Rejected += CountProblems(root, "rejected", totals.Problems);
            totals.Failed += CountProblems(root, "failed", totals.Problems);
            return;
        }
    }

    /// <summary>The <c>ok</c> count of <c>sidecar_config_reloads_total</c> (GET /_rerank/metrics); 0 when absent.</summary>
    public async Task<long> ConfigReloadsAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "_rerank/metrics"));
        request.Headers.Add("X-Rerank-Api-Key", _apiKey);
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"/_rerank/metrics answered {(int)response.StatusCode}");
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("sidecar_config_reloads_total{result=\"ok\"}", StringComparison.Ordinal) &&
                double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return (long)n;
            }
        }

        return 0;
    }

    /// <summary>The weights of <paramref name="profile"/>'s features in the running configuration (GET /_rerank/config).</summary>
    public async Task<Dictionary<string, double>> WeightsAsync(string profile, CancellationToken ct) =>
        (await ProfileAsync(profile, ct)).Weights;

    /// <summary>The window and the feature weights of <paramref name="profile"/> in the running configuration (GET /_rerank/config).</summary>
    public async Task<(int Window, Dictionary<string, double> Weights)> ProfileAsync(string profile, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "_rerank/config"));
        request.Headers.Add("X-Rerank-Api-Key", _apiKey);
        using var response = await _http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"/_rerank/config answered {(int)response.StatusCode}: {Start(bytes)}");
        }

        using var doc = JsonDocument.Parse(bytes);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var window = 0;
        foreach (var p in doc.RootElement.GetProperty("profiles").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() == profile)
            {
                window = p.GetProperty("window").GetInt32();
                foreach (var f in p.GetProperty("features").EnumerateArray())
                {
                    weights[f.GetProperty("name").GetString()!] = f.GetProperty("weight").GetDouble();
                }
            }
        }

        return (window, weights);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>How many entries the answer lists under <paramref name="name"/>; the first few are kept for the report.</summary>
    private static int CountProblems(JsonElement root, string name, List<string> kept)
    {
        var n = 0;
        foreach (var problem in root.GetProperty(name).EnumerateArray())
        {
            n++;
            if (kept.Count < 5)
            {
                kept.Add($"{name}: {problem.GetRawText()}");
            }
        }

        return n;
    }

    private static string Start(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 300)));
}
