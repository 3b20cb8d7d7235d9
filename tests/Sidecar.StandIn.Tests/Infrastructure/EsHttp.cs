using System.Net.Http.Headers;
using System.Text;

namespace Sidecar.StandIn.Tests.Infrastructure;

/// <summary>A tiny raw-HTTP client for the stand-in.</summary>
public sealed class EsHttp : IDisposable
{
    private readonly HttpClient _client;

    public EsHttp(Uri baseUri) => _client = new HttpClient { BaseAddress = baseUri };

    public HttpClient Client => _client;

    public Task<EsReply> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<EsReply> HeadAsync(string path) => SendAsync(HttpMethod.Head, path);

    public Task<EsReply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<EsReply> PutAsync(string path, string? json = null) => SendAsync(HttpMethod.Put, path, json);

    public Task<EsReply> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json);

    public Task<EsReply> SearchAsync(string index, string json) => PostAsync($"/{index}/_search", json);

    public Task<EsReply> BulkAsync(string path, string ndjson) =>
        SendAsync(HttpMethod.Post, path, ndjson, "application/x-ndjson");

    public async Task<EsReply> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await SendAsync(request);
    }

    public async Task<EsReply> SendAsync(HttpRequestMessage request)
    {
        var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new EsReply(response.StatusCode, text, response);
    }

    /// <summary>Creates an index with a unique name (optionally with a create-index body) and returns its name.</summary>
    public async Task<string> CreateIndexAsync(string? body = null, string prefix = "test")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..24];
        var reply = await PutAsync("/" + name, body);
        if (reply.StatusCode != 200)
        {
            throw new InvalidOperationException($"create index failed: {reply.Body}");
        }

        return name;
    }

    /// <summary>Creates an index and bulk-loads documents (id, json) with refresh.</summary>
    public async Task<string> CreateIndexWithDocsAsync(string? createBody, params (string Id, string Json)[] docs)
    {
        var index = await CreateIndexAsync(createBody);
        var ndjson = new StringBuilder();
        foreach (var (id, json) in docs)
        {
            ndjson.Append("{\"index\":{\"_id\":\"").Append(id).Append("\"}}\n").Append(json).Append('\n');
        }

        var reply = await BulkAsync($"/{index}/_bulk?refresh=true", ndjson.ToString());
        if (reply.StatusCode != 200 || reply.Json.GetProperty("errors").GetBoolean())
        {
            throw new InvalidOperationException($"bulk failed: {reply.Body}");
        }

        return index;
    }

    /// <summary>Creates an index with the product fixture (see <see cref="ProductFixture"/>).</summary>
    public Task<string> CreateProductsIndexAsync() =>
        CreateIndexWithDocsAsync(ProductFixture.Mapping, ProductFixture.Documents);

    public void Dispose() => _client.Dispose();
}
