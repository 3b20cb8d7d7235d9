using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sidecar.Hosting;

namespace Sidecar.Tests.Personalization;

/// <summary>A real sidecar with personalization on, in front of an upstream, with its logs captured.</summary>
internal sealed class PersonalSidecar : IAsyncDisposable
{
    /// <summary>BM25 plus every personal feature; recently_interacted demotes purchases.</summary>
    public const string Profiles = """
        profiles:
          - name: shop
            indices: [shop, products]
            window: 50
            budget_ms: 2000
            features:
              - { name: bm25, type: first_stage_score, normalize: min_max, weight: 1.0 }
              - { name: user_category, type: user_category_affinity, weight: 1.0 }
              - { name: user_brand, type: user_brand_affinity, weight: 1.0 }
              - { name: user_price, type: user_price_fit, weight: 0.5 }
              - { name: user_interest, type: user_interest_similarity, weight: 0.5 }
              - { name: bought, type: recently_interacted, types: { purchase: -3.0 }, weight: 1.0 }
        """;

    private readonly WebApplication _app;
    private bool _disposed;

    private PersonalSidecar(WebApplication app, Uri baseUri, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUri };
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="personalization">Extra keys of the personalization section (YAML, unindented).</param>
    public static async Task<PersonalSidecar> StartAsync(Uri upstream, TestKeys keys, string personalization = "lookup: { timeout_ms: 5000 }",
        string profiles = Profiles, TimeProvider? time = null, string? credentialFile = null)
    {
        var credentials = credentialFile is null ? string.Empty : $"  credentials: {{ api_key_file: {credentialFile} }}";
        var yaml = $"""
            server:
              listen: http://127.0.0.1:0
            upstream:
              url: {upstream}
              timeout_ms: 10000
            {credentials}
            {keys.Yaml(personalization)}
            {profiles}
            """;
        var logs = new CapturedLogs();
        var runtime = new SidecarRuntime
        {
            Time = time ?? TimeProvider.System,
            Logging = l => l.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs),
        };
        var options = runtime.Loader.Load(yaml, "test");
        var app = SidecarHost.Build(options, runtime);
        await app.StartAsync();
        return new PersonalSidecar(app, SidecarHost.BoundAddress(app), logs);
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>POSTs events (a JSON array, or NDJSON when <paramref name="ndjson"/>) with the admin key.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostEventsAsync(string body, bool ndjson = false, string? apiKey = TestKeys.AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_rerank/events")
        {
            Content = new StringContent(body, Encoding.UTF8, ndjson ? "application/x-ndjson" : "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Rerank-Api-Key", apiKey);
        }

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Searches <paramref name="index"/> for <paramref name="text"/> as <paramref name="user"/> (null: anonymous).</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> SearchAsync(string index, string text, string? user, int size = 10, bool explain = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{index}/_search")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { size, query = new { match = new { title = text } } }), Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("X-User-Id", user);
        }

        if (explain)
        {
            request.Headers.Add("X-Rerank-Explain", "true");
        }

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, JsonDocument.Parse(body).RootElement.Clone());
    }

    public static string[] Ids(JsonElement body) =>
        body.GetProperty("hits").GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("_id").GetString()!).ToArray();

    public static string Outcome(HttpResponseMessage response) => response.Headers.GetValues("X-Rerank").Single();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Stops at once (no graceful wait), as close to a crash as a test process can get.</summary>
    public async ValueTask KillAsync()
    {
        _disposed = true;
        Client.Dispose();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        try
        {
            await _app.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }
}
