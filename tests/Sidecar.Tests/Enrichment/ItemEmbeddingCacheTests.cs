using System.Text.Json;
using Sidecar.Enrichment;

namespace Sidecar.Tests.Enrichment;

public sealed class ItemEmbeddingCacheTests
{
    private static readonly ItemEmbeddingOptions Options = ItemEmbeddingOptions.Default;

    private static JsonElement Source(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Resolve_VectorInSource_ReturnedWithoutConsultingCache()
    {
        var cache = new ItemEmbeddingCache(10);
        cache.Set("products", "1", [9f, 9f]);

        var v = cache.Resolve("products", "1", Source("""{"title":"A","embedding":[0.5,-0.25]}"""), Options, out var origin);

        Assert.Equal([0.5f, -0.25f], v!);
        Assert.Equal(VectorOrigin.Source, origin);
        Assert.Equal(1, cache.SourceHits);
        Assert.Equal(0, cache.Statistics.Hits + cache.Statistics.Misses);
    }

    [Fact]
    public void Resolve_NoVectorInSource_FromCacheElseNull_WithCounters()
    {
        var cache = new ItemEmbeddingCache(10);
        cache.Set("products", "1", [1f, 0f]);
        var noVector = Source("""{"title":"A"}""");

        Assert.Equal([1f, 0f], cache.Resolve("products", "1", noVector, Options, out var hit)!);
        Assert.Equal(VectorOrigin.Cache, hit);
        Assert.Null(cache.Resolve("products", "2", noVector, Options, out var miss));
        Assert.Equal(VectorOrigin.Missing, miss);
        Assert.Null(cache.Resolve("other", "1", noVector, Options));   // the key includes the index
        Assert.Null(cache.Resolve("products", null, noVector, Options)); // no _id: no lookup

        Assert.Equal(1, cache.Statistics.Hits);
        Assert.Equal(2, cache.Statistics.Misses);
    }

    [Theory]
    [InlineData("""{"embedding":null}""")]
    [InlineData("""{"embedding":[]}""")]
    [InlineData("""{"embedding":["a","b"]}""")]
    [InlineData("""{"embedding":"0.1,0.2"}""")]
    public void Resolve_FieldNotAVector_FallsBackToCache(string json)
    {
        var cache = new ItemEmbeddingCache(10);
        cache.Set("products", "1", [1f, 2f]);
        Assert.Equal([1f, 2f], cache.Resolve("products", "1", Source(json), Options, out var origin)!);
        Assert.Equal(VectorOrigin.Cache, origin);
    }

    [Fact]
    public void Resolve_WrongDimensions_CountAsMissing()
    {
        var cache = new ItemEmbeddingCache(10);
        cache.Set("products", "1", [1f, 2f, 3f]);
        Assert.Null(cache.Resolve("products", "1", Source("""{"embedding":[0.1,0.2]}"""), Options, out var origin, dimensions: 4));
        Assert.Equal(VectorOrigin.Missing, origin);
        Assert.NotNull(cache.Resolve("products", "1", Source("""{"embedding":[0.1,0.2,0.3,0.4]}"""), Options, dimensions: 4));
    }

    [Fact]
    public void Resolve_CustomField_ReadFromThatField()
    {
        var cache = new ItemEmbeddingCache(0);
        Assert.Equal([3f], cache.Resolve("p", "1", Source("""{"vec":[3]}"""), Options with { Field = "vec" })!);
    }

    [Fact]
    public void Set_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new ItemEmbeddingCache(2);
        cache.Set("p", "1", [1f]);
        cache.Set("p", "2", [2f]);
        Assert.True(cache.TryGet("p", "1", out _));
        cache.Set("p", "3", [3f]);

        Assert.True(cache.TryGet("p", "1", out _));
        Assert.False(cache.TryGet("p", "2", out _));
        Assert.True(cache.TryGet("p", "3", out var three));
        Assert.Equal([3f], three);
        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Statistics.Evictions);
        Assert.True(cache.Remove("p", "3"));
    }

    [Fact]
    public void HalfPrecisionStorage_KeepsCosinesWithin1e3_AndHalvesTheBytes()
    {
        var random = new Random(7);
        var cache = new ItemEmbeddingCache(100);
        var query = UnitVector(random);
        for (var i = 0; i < 50; i++)
        {
            var item = UnitVector(random);
            cache.Set("products", i.ToString(System.Globalization.CultureInfo.InvariantCulture), item);
            Assert.True(cache.TryGet("products", i.ToString(System.Globalization.CultureInfo.InvariantCulture), out var back));
            var exact = Sidecar.Embeddings.VectorMath.Cosine(query, item);
            var stored = Sidecar.Embeddings.VectorMath.Cosine(query, back);
            Assert.True(Math.Abs(exact - stored) < 1e-3, $"cosine {exact} became {stored}");
        }

        Assert.True(cache.TryGetStored("products", "0", out var half));
        Assert.Equal(384, half.Length); // 2 bytes per dimension
    }

    private static float[] UnitVector(Random random)
    {
        var v = new float[384];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
