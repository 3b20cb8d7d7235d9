using BenchmarkDotNet.Attributes;
using Sidecar.Ranking.Features;

namespace Sidecar.Benchmarks;

/// <summary>
/// Where the time of <see cref="RerankBenchmarks"/> goes: each feature of the default profile computing its
/// column for the 100-hit window on its own (same fixture, warm caches). Baseline: first_stage_score.
/// </summary>
[Config(typeof(BenchConfig))]
public class FeatureBenchmarks
{
    private RerankFixture _fixture = null!;
    private double[] _values = [];
    private IFeature _bm25 = null!;
    private IFeature _semantic = null!;
    private IFeature _textMatch = null!;
    private IFeature _rating = null!;
    private IFeature _popularity = null!;

    [Params("_source", "item cache")]
    public string ItemEmbeddings { get; set; } = "_source";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new RerankFixture(ItemEmbeddings == "_source");
        _values = new double[_fixture.Response.Hits.Length];
        var features = _fixture.Profile.Reranker.Features;
        IFeature Named(string name) => features.Single(f => f.Name == name);
        _bm25 = Named("bm25");
        _semantic = Named("semantic");
        _textMatch = Named("text_match");
        _rating = Named("rating");
        _popularity = Named("popularity");
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "bm25 (first_stage_score)")]
    public double Bm25() => Run(_bm25);

    [Benchmark(Description = "semantic (semantic_similarity)")]
    public double Semantic() => Run(_semantic);

    [Benchmark(Description = "text_match (weight 0)")]
    public double TextMatch() => Run(_textMatch);

    [Benchmark(Description = "rating (numeric_field, weight 0)")]
    public double Rating() => Run(_rating);

    [Benchmark(Description = "popularity (numeric_field log1p, weight 0)")]
    public double Popularity() => Run(_popularity);

    private double Run(IFeature feature)
    {
        feature.Compute(_fixture.NewContext(), _fixture.Response.Hits, _values);
        return _values[0];
    }
}
