using System.Net.Http.Headers;
using Sidecar.Search;

namespace Sidecar.Eval;

/// <summary>POSTs searches to an Elasticsearch-compatible endpoint (the stand-in or the sidecar).</summary>
public sealed class SearchClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The raw response body of <c>POST {baseUri}{index}/_search</c>, with the <c>X-Rerank</c> header.</summary>
    /// <exception cref="HttpRequestException">Not a 2xx answer (with the start of the body).</exception>
    public async Task<(byte[] Body, string? Rerank)> SearchRawAsync(Uri baseUri, string index, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(new Uri(baseUri, Uri.EscapeDataString(index) + "/_search"), content, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 300)));
            throw new HttpRequestException($"{baseUri}{index}/_search answered {(int)response.StatusCode}: {text}");
        }

        var rerank = response.Headers.TryGetValues("X-Rerank", out var values) ? string.Join(",", values) : null;
        return (bytes, rerank);
    }

    /// <summary>The ranked hit ids of a search.</summary>
    public async Task<SearchReply> SearchAsync(Uri baseUri, string index, byte[] body, CancellationToken ct)
    {
        var (bytes, rerank) = await SearchRawAsync(baseUri, index, body, ct).ConfigureAwait(false);
        using var parsed = SearchResponse.TryParse(bytes)
            ?? throw new HttpRequestException($"{baseUri}{index}/_search did not answer a search response");
        return new SearchReply(parsed.Hits.Select(h => h.Id ?? string.Empty).ToArray(), rerank);
    }

    public void Dispose() => _http.Dispose();
}
