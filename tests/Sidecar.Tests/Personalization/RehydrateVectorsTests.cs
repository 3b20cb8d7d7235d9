using System.Text;

namespace Sidecar.Tests.Personalization;

/// <summary>
/// Indices whose profile sets <c>item_embedding.rehydrate_vectors</c> (Elasticsearch 9.2+ leaves vectors out of
/// <c>_source</c> by default): the events path's catalogue read asks for the vector back with <c>"exclude_vectors": false</c>.
/// </summary>
public sealed class RehydrateVectorsTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private FakeStore _store = null!;

    public async ValueTask InitializeAsync() => _store = await FakeStore.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _keys.Dispose();
    }

    private static string Profiles(bool rehydrate) => $$"""
        profiles:
          - name: shop
            indices: [products]
            item_embedding: { field: vec, rehydrate_vectors: {{(rehydrate ? "true" : "false")}} }
            features:
              - { name: bm25, type: first_stage_score }
              - { name: user_interest, type: user_interest_similarity, weight: 0.5 }
        """;

    private string CatalogueRead() => Encoding.UTF8.GetString(
        _store.Upstream.Requests.Single(r => r.Target.StartsWith("/_mget?_source_includes=", StringComparison.Ordinal)).Body);

    [Fact]
    public async Task Rehydrate_CatalogueReadAsksForTheVector()
    {
        await using var sidecar = await PersonalSidecar.StartAsync(_store.BaseUri, _keys, profiles: Profiles(rehydrate: true));
        await sidecar.PostEventsAsync($"[{EventsApiTests.Event("e1", "alice", "click", "d1", index: "products")}]");

        var body = CatalogueRead();
        Assert.Contains("\"exclude_vectors\":false", body, StringComparison.Ordinal);
        Assert.Contains("\"vec\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_CatalogueReadHasNoExcludeVectors()
    {
        await using var sidecar = await PersonalSidecar.StartAsync(_store.BaseUri, _keys, profiles: Profiles(rehydrate: false));
        await sidecar.PostEventsAsync($"[{EventsApiTests.Event("e1", "alice", "click", "d1", index: "products")}]");

        Assert.DoesNotContain("exclude_vectors", CatalogueRead(), StringComparison.Ordinal);
    }
}
