using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Sidecar.Ranking.Features;

namespace Sidecar.Benchmarks;

/// <summary>
/// Where the time of <see cref="RerankBenchmarks"/> goes: each feature of the default profile (every feature that
/// config/sidecar.yaml declares, whatever its weight) computing its column for the 100-hit window on its own, with
/// warm caches and an anonymous user; <c>semantic@item cache</c> is the semantic feature with the item vectors in
/// the item cache instead of <c>_source</c>. Baseline: the first-stage score feature on the same window.
/// </summary>
[Config(typeof(BenchConfig))]
public class FeatureBenchmarks
{
    private const string ItemCacheSuffix = "@item cache";

    private RerankFixture _fixture = null!;
    private double[] _values = [];
    private IFeature _baseline = null!;
    private IFeature _feature = null!;

    /// <summary>The features of the default profile, in declaration order, plus the semantic feature over the item cache.</summary>
    public static IEnumerable<string> Features()
    {
        var names = Regex.Matches(File.ReadAllText(RepoPaths.DefaultConfig), @"^      - name: ([A-Za-z0-9_\-]+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        return names.Contains("semantic") ? [.. names, "semantic" + ItemCacheSuffix] : names;
    }

    [ParamsSource(nameof(Features))]
    public string Feature { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new RerankFixture(embeddingsInSource: !Feature.EndsWith(ItemCacheSuffix, StringComparison.Ordinal));
        _values = new double[_fixture.Response.Hits.Length];
        var features = _fixture.Profile.Reranker.Features;
        var name = Feature.Replace(ItemCacheSuffix, "", StringComparison.Ordinal);
        _feature = features.Single(f => f.Name == name);
        _baseline = new FirstStageScoreFeature("bm25", 1.0, "min_max");
        Console.WriteLine($"// {_feature.Name}: {_feature.Type}, weight {_feature.Weight}");
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "first_stage_score (min_max)")]
    public double FirstStageScore() => Run(_baseline);

    [Benchmark(Description = "this feature")]
    public double ThisFeature() => Run(_feature);

    private double Run(IFeature feature)
    {
        feature.Compute(_fixture.NewContext(), _fixture.Response.Hits, _values);
        return _values[0];
    }
}
