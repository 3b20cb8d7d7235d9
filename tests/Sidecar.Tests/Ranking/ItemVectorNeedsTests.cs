using Sidecar.Hosting;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Ranking;

/// <summary>A search resolves (and may fetch) item vectors only when a feature that reads them counts.</summary>
public sealed class ItemVectorNeedsTests
{
    private static Sidecar.Ranking.RerankProfile Load(string features)
    {
        using var runtime = new SidecarRuntime(embedderFactory: _ => new HashEmbedder());
        var options = runtime.Loader.Load($$"""
            upstream: { url: "http://127.0.0.1:9200" }
            models:
              embedding: { preset: minilm-l6-v2 }
            profiles:
              - name: p
                indices: [products]
                features:
            {{features}}
            """, "test");
        return options.Profiles[0];
    }

    [Fact]
    public void SemanticWithWeight_NeedsVectors_ForAnyone()
    {
        var p = Load("      - { name: sem, type: semantic_similarity, weight: 1.0 }");
        Assert.True(p.ReadsItemVectors);
        Assert.True(p.NeedsItemVectors(explain: false, hasUser: false));
    }

    [Fact]
    public void SemanticWithWeightZero_NeedsVectorsOnlyToExplain()
    {
        var p = Load("""
                  - { name: bm25, type: first_stage_score }
                  - { name: sem, type: semantic_similarity, weight: 0 }
            """);
        Assert.False(p.NeedsItemVectors(explain: false, hasUser: true));
        Assert.True(p.NeedsItemVectors(explain: true, hasUser: false));
    }

    [Fact]
    public void NoVectorFeature_NeverNeedsVectors()
    {
        var p = Load("      - { name: bm25, type: first_stage_score }");
        Assert.False(p.ReadsItemVectors);
        Assert.False(p.NeedsItemVectors(explain: true, hasUser: true));
    }
}
