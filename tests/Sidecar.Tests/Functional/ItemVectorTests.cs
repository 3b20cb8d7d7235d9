using System.Net;
using Microsoft.AspNetCore.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sidecar.StandIn;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>
/// Where item vectors come from on the search path (<c>item_embedding.vectors_from</c>), through a real sidecar in
/// front of the stand-in: with <c>cache</c> the first stage leaves vectors out, one <c>_mget</c> fetches a search's
/// misses (with the client's credentials) and later searches read them from memory; the order is the same as parsing
/// them from <c>_source</c>; a failed fetch still answers, reranked, and says so.
/// </summary>
public sealed class ItemVectorTests : IAsyncLifetime
{
    private static readonly string[] Titles =
    [
        "red running shoes", "blue denim jacket", "wireless headphones", "noise cancelling earbuds", "oak dining table",
        "leather office chair", "stainless steel kettle", "ceramic coffee mug", "trail running shoes", "wool winter hat",
        "bluetooth speaker", "gaming mouse",
    ];

    private StandInServer _es = null!;

    private static string Profile(string vectorsFrom, string extra = "", int itemCacheSize = 1000) => $$"""
        models:
          item_cache_size: {{itemCacheSize}}
          embedding: { preset: minilm-l6-v2 }
        profiles:
          - name: products
            indices: [products]
            window: 50
            budget_ms: 5000
            item_embedding: { field: embedding, vectors_from: {{vectorsFrom}}{{extra}} }
            features:
              - { name: bm25, type: first_stage_score, normalize: min_max, weight: 0.1 }
              - { name: semantic, type: semantic_similarity, weight: 1.0 }
        """;

    public async ValueTask InitializeAsync()
    {
        _es = await StandInServer.StartAsync();
        using var direct = new HttpClient { BaseAddress = _es.BaseUri };
        var bulk = new StringBuilder();
        for (var i = 0; i < Titles.Length; i++)
        {
            bulk.Append("{\"index\":{\"_index\":\"products\",\"_id\":\"p").Append(i).Append("\"}}\n");
            var vector = string.Join(",", HashEmbedder.Vector(Titles[i]).Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            bulk.Append($$"""{"title":"{{Titles[i]}}","embedding":[{{vector}}]}""").Append('\n');
        }

        using var response = await direct.PostAsync("/_bulk?refresh=true", new StringContent(bulk.ToString(), Encoding.UTF8, "application/x-ndjson"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _es.ClearReceived();
    }

    public async ValueTask DisposeAsync() => await _es.DisposeAsync();

    private static Task<SidecarServer> StartSidecarAsync(Uri upstream, string profile) =>
        SidecarServer.StartAsync(upstream, profile, embedder: _ => new HashEmbedder());

    private static async Task<(string? Rerank, JsonElement Hits)> SearchAsync(SidecarServer sidecar, string body, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/products/_search") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var rerank = response.Headers.TryGetValues("X-Rerank", out var v) ? v.Single() : null;
        return (rerank, json.RootElement.GetProperty("hits").GetProperty("hits").Clone());
    }

    private const string Query = """{"size":5,"query":{"match":{"title":"running shoes headphones table mug speaker"}}}""";

    private static string[] Ids(JsonElement hits) => hits.EnumerateArray().Select(h => h.GetProperty("_id").GetString()!).ToArray();

    [Fact]
    public async Task Cache_FirstStageWithoutVectors_OneMgetForMisses_ThenMemory()
    {
        await using var sidecar = await StartSidecarAsync(_es.BaseUri, Profile("cache"));

        var (rerank, hits) = await SearchAsync(sidecar, Query, "Basic Y2xpZW50OnNlY3JldA==");

        Assert.Equal("applied", rerank);
        Assert.All(hits.EnumerateArray(), h => Assert.False(h.GetProperty("_source").TryGetProperty("embedding", out _)));
        var search = Assert.Single(_es.Received, r => r.PathAndQuery.StartsWith("/products/_search", StringComparison.Ordinal));
        Assert.Contains("\"excludes\":[\"embedding\"]", search.BodyText, StringComparison.Ordinal);
        var mget = Assert.Single(_es.Received, r => r.PathAndQuery.StartsWith("/_mget", StringComparison.Ordinal));
        Assert.Equal("POST", mget.Method);
        Assert.Equal("Basic Y2xpZW50OnNlY3JldA==", mget.Headers["Authorization"]); // the client's credentials, not the sidecar's
        using var mgetBody = JsonDocument.Parse(mget.BodyText!);
        var requested = mgetBody.RootElement.GetProperty("docs").EnumerateArray().Select(d => d.GetProperty("_id").GetString()).ToArray();
        Assert.Equal(6, requested.Length); // the window's hits (the query matches 6 titles), no more
        Assert.DoesNotContain("exclude_vectors", mget.BodyText, StringComparison.Ordinal);

        _es.ClearReceived();
        var (again, hitsAgain) = await SearchAsync(sidecar, Query);
        Assert.Equal("applied", again);
        Assert.Equal(Ids(hits), Ids(hitsAgain));
        Assert.DoesNotContain(_es.Received, r => r.PathAndQuery.StartsWith("/_mget", StringComparison.Ordinal)); // all from memory now

        var metrics = await sidecar.Client.GetStringAsync("/_rerank/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("sidecar_item_vectors_total{origin=\"fetched\",profile=\"products\"} 6", metrics, StringComparison.Ordinal);
        Assert.Contains("sidecar_item_vectors_total{origin=\"cache\",profile=\"products\"} 6", metrics, StringComparison.Ordinal);
        Assert.Contains("sidecar_item_vector_fetches_total{result=\"ok\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemCacheSizeZero_EverySearchFetchesItsWindow()
    {
        await using var sidecar = await StartSidecarAsync(_es.BaseUri, Profile("cache", itemCacheSize: 0));

        var (first, hits) = await SearchAsync(sidecar, Query);
        var (second, hitsAgain) = await SearchAsync(sidecar, Query);

        Assert.Equal("applied", first);
        Assert.Equal("applied", second);
        Assert.Equal(Ids(hits), Ids(hitsAgain)); // same order: the vectors were fetched both times
        Assert.Equal(2, _es.Received.Count(r => r.PathAndQuery.StartsWith("/_mget", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cache_RanksExactlyAsParsingSource()
    {
        await using var fromCache = await StartSidecarAsync(_es.BaseUri, Profile("cache"));
        await using var fromSource = await StartSidecarAsync(_es.BaseUri, Profile("source"));

        var (cacheOutcome, cacheHits) = await SearchAsync(fromCache, Query);
        var (sourceOutcome, sourceHits) = await SearchAsync(fromSource, Query);

        Assert.Equal("applied", cacheOutcome);
        Assert.Equal("applied", sourceOutcome);
        Assert.Equal(Ids(sourceHits), Ids(cacheHits));
        Assert.Equal(sourceHits.EnumerateArray().Select(h => h.GetProperty("_score").GetDouble()),
            cacheHits.EnumerateArray().Select(h => h.GetProperty("_score").GetDouble()));

        // Sanity: the semantic feature decides the order (it is not the first-stage order).
        using var direct = new HttpClient { BaseAddress = _es.BaseUri };
        using var upstream = JsonDocument.Parse(await (await direct.PostAsync("/products/_search",
            new StringContent(Query, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(Ids(upstream.RootElement.GetProperty("hits").GetProperty("hits")), Ids(cacheHits));
    }

    [Fact]
    public async Task Cache_ClientNamingTheVectorField_GetsIt_WithoutFetch()
    {
        await using var sidecar = await StartSidecarAsync(_es.BaseUri, Profile("cache"));

        var (rerank, hits) = await SearchAsync(sidecar, """{"size":3,"_source":["title","embedding"],"query":{"match":{"title":"shoes"}}}""");

        Assert.Equal("applied", rerank);
        Assert.All(hits.EnumerateArray(), h => Assert.Equal(8, h.GetProperty("_source").GetProperty("embedding").GetArrayLength()));
        Assert.DoesNotContain(_es.Received, r => r.PathAndQuery.StartsWith("/_mget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Source_FirstStageAsksForVectors_NoFetch()
    {
        await using var sidecar = await StartSidecarAsync(_es.BaseUri, Profile("source"));

        var (rerank, hits) = await SearchAsync(sidecar, """{"size":3,"_source":["title"],"query":{"match":{"title":"shoes"}}}""");

        Assert.Equal("applied", rerank);
        Assert.All(hits.EnumerateArray(), h => Assert.False(h.GetProperty("_source").TryGetProperty("embedding", out _))); // restored to the client's spec
        var search = Assert.Single(_es.Received, r => r.PathAndQuery.StartsWith("/products/_search", StringComparison.Ordinal));
        Assert.Contains("\"includes\":[\"title\",\"embedding\"]", search.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(_es.Received, r => r.PathAndQuery.StartsWith("/_mget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RehydrateVectors_AsksForExcludeVectorsFalse()
    {
        await using var sidecar = await StartSidecarAsync(_es.BaseUri, Profile("cache", ", rehydrate_vectors: true"));

        var (rerank, _) = await SearchAsync(sidecar, Query);

        Assert.Equal("applied", rerank);
        var mget = Assert.Single(_es.Received, r => r.PathAndQuery.StartsWith("/_mget", StringComparison.Ordinal));
        Assert.Contains("\"exclude_vectors\":false", mget.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchFails_SearchStillReranked_SaysItemVectorsUnavailable()
    {
        // An upstream that answers the search from the stand-in's data but fails every _mget.
        await using var upstream = await EchoUpstream.StartAsync();
        using var relay = new HttpClient { BaseAddress = _es.BaseUri };
        upstream.Handler = async (ctx, recorded) =>
        {
            if (recorded.Target.StartsWith("/_mget", StringComparison.Ordinal))
            {
                ctx.Response.StatusCode = 503;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync("""{"error":{"type":"unavailable_shards_exception","reason":"injected"},"status":503}""");
                return;
            }

            using var answer = await relay.PostAsync(recorded.Target, new ByteArrayContent(recorded.Body) { Headers = { ContentType = new("application/json") } });
            ctx.Response.StatusCode = (int)answer.StatusCode;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync());
        };
        await using var sidecar = await StartSidecarAsync(upstream.BaseUri, Profile("cache"));

        var (rerank, hits) = await SearchAsync(sidecar, Query);

        Assert.Equal("applied; item_vectors=unavailable", rerank);
        Assert.Equal(5, hits.GetArrayLength());
        var metrics = await sidecar.Client.GetStringAsync("/_rerank/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("sidecar_item_vector_fetches_total{result=\"failed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sidecar_item_vectors_total{origin=\"missing\",profile=\"products\"} 6", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"item_vectors_unavailable\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteClusterHits_AreNotFetched_AndGoWithoutVectors()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        upstream.Handler = async (ctx, recorded) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""
                {"took":1,"timed_out":false,"hits":{"total":{"value":2,"relation":"eq"},"max_score":2.0,"hits":[
                  {"_index":"remote:products","_id":"a","_score":2.0,"_source":{"title":"red running shoes"}},
                  {"_index":"remote:products","_id":"b","_score":1.0,"_source":{"title":"blue denim jacket"}}]}}
                """);
        };
        await using var sidecar = await StartSidecarAsync(upstream.BaseUri, Profile("cache"));

        var (rerank, hits) = await SearchAsync(sidecar, Query);

        Assert.Equal("applied", rerank);
        Assert.Equal(["a", "b"], Ids(hits)); // no vectors: the first-stage order stands
        Assert.DoesNotContain(upstream.Requests, r => r.Target.StartsWith("/_mget", StringComparison.Ordinal));
    }
}
