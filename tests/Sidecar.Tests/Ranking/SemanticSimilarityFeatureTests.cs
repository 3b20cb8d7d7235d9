using System.Globalization;
using System.Text;
using Sidecar.Configuration;
using Sidecar.Enrichment;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Ranking;

public sealed class SemanticSimilarityFeatureTests
{
    private static string Vec(float[] v) => "[" + string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";

    private static (double[] Values, HashEmbedder Embedder) Compute(string response, string? query, string extra = "", ItemEmbeddingCache? cache = null)
    {
        var embedder = new HashEmbedder();
        var registry = FeatureRegistry.CreateDefault();
        var yaml = $$"""
            profiles:
              - name: p
                indices: [products]
                features:
                  - { name: sem, type: semantic_similarity {{extra}} }
            """;
        var node = new ConfigNode(LoadNode(yaml), "", new ConfigErrors());
        var featureNode = node.Items("profiles")[0].Items("features")[0];
        var feature = registry.Create(featureNode, new FeatureBuildContext { Embedder = embedder, ItemCache = cache })!;
        Assert.False(node.Errors.HasErrors, string.Join("; ", node.Errors.All));
        var profile = Fixtures.ByRating();
        using var r = SearchResponse.TryParse(Encoding.UTF8.GetBytes(response))!;
        var values = new double[r.Hits.Length];
        feature.Compute(new RerankContext(profile, query, false), r.Hits, values);
        return (values, embedder);
    }

    private static YamlDotNet.RepresentationModel.YamlNode LoadNode(string yaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    [Fact]
    public void Compute_ItemVectorsInSource_GiveCosineWithQuery()
    {
        var q = HashEmbedder.Vector("red shoes");
        var same = Vec(q);
        var other = Vec(HashEmbedder.Vector("oak table"));
        var response = "{\"hits\":{\"hits\":[{\"_id\":\"a\",\"_index\":\"products\",\"_score\":1,\"_source\":{\"embedding\":" + same + "}},"
            + "{\"_id\":\"b\",\"_index\":\"products\",\"_score\":1,\"_source\":{\"embedding\":" + other + "}},"
            + "{\"_id\":\"c\",\"_index\":\"products\",\"_score\":1,\"_source\":{}}]}}";

        var (values, _) = Compute(response, "red shoes", ", missing: -0.5");

        Assert.Equal(1.0, values[0], 5);
        Assert.Equal(Sidecar.Embeddings.VectorMath.Cosine(q, HashEmbedder.Vector("oak table")), values[1], 5);
        Assert.Equal(-0.5, values[2]);
    }

    [Fact]
    public void Compute_VectorOnlyInCache_IsUsed()
    {
        var cache = new ItemEmbeddingCache(10);
        cache.Set("products", "a", HashEmbedder.Vector("red shoes"));
        var (values, _) = Compute("""{"hits":{"hits":[{"_id":"a","_index":"products","_score":1,"_source":{}}]}}""", "red shoes", cache: cache);
        Assert.Equal(1.0, values[0], 5);
    }

    [Fact]
    public void Compute_WrongDimensionsOrNoQuery_GiveMissing()
    {
        var response = """{"hits":{"hits":[{"_id":"a","_score":1,"_source":{"embedding":[1,0,0]}}]}}""";
        Assert.Equal([0.0], Compute(response, "red shoes").Values);
        var (values, embedder) = Compute(response, null, ", missing: 0.1");
        Assert.Equal([0.1], values);
        Assert.Equal(0, embedder.QueryCalls);
    }

    [Fact]
    public void Config_SemanticFeatureWithoutModel_IsAnErrorThatSaysWhatToAdd()
    {
        var e = Assert.Throws<ConfigException>(() => Fixtures.Profile("      - { name: sem, type: semantic_similarity }"));
        Assert.Contains("models.embedding", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ZScore_CentresPresentValuesAndLeavesMissingAtDefault()
    {
        var response = "{\"hits\":{\"hits\":["
            + string.Join(",", new[] { "red shoes", "blue shoes", "oak table" }.Select((t, i) =>
                "{\"_id\":\"" + i + "\",\"_score\":1,\"_source\":{\"embedding\":" + Vec(HashEmbedder.Vector(t)) + "}}"))
            + ",{\"_id\":\"x\",\"_score\":1,\"_source\":{}}]}}";
        var (values, _) = Compute(response, "red shoes", ", normalize: z_score, missing: 7");
        Assert.Equal(0, values[0] + values[1] + values[2], 6);
        Assert.True(values[0] > 0);
        Assert.Equal(7, values[3]);
    }
}
