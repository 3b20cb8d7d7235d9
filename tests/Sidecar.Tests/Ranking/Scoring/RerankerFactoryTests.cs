using Sidecar.Configuration;
using Sidecar.Ranking.Scoring;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Tests.Ranking.Scoring;

public sealed class RerankerFactoryTests : IDisposable
{
    private readonly ModelFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (RankingModelOptions? Options, IReadOnlyList<ConfigError> Errors) Read(string profileYaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(profileYaml));
        var errors = new ConfigErrors();
        var profile = new ConfigNode(stream.Documents[0].RootNode, "profiles[0]", errors);
        var options = RerankerFactory.Read(profile);
        profile.String("name");
        profile.ReportUnknownKeys();
        return (options, errors.All);
    }

    [Fact]
    public void Read_NoSection_IsNullWithoutErrors()
    {
        foreach (var yaml in new[] { "name: p", "name: p\nranking_model:", "name: p\nranking_model: ~" })
        {
            var (options, errors) = Read(yaml);
            Assert.Null(options);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void Read_FullSection_ResolvesThePath()
    {
        var path = _files.Write("ranker.onnx", [1]);
        var (options, errors) = Read($"name: p\nranking_model: {{ path: '{path}', input: features, output: score, threads: 2 }}");

        Assert.Empty(errors);
        Assert.Equal(new RankingModelOptions { Path = path, InputName = "features", OutputName = "score", Threads = 2 }, options);
        Assert.Equal(new RankingModelOptions { Path = path }, Read($"name: p\nranking_model: {{ path: '{path}' }}").Options);
    }

    [Fact]
    public void Read_Problems_AreReportedWithPathAndLine()
    {
        var (options, errors) = Read("name: p\nranking_model:\n  path: /no/such/ranker.onnx\n  threads: 0\n  input: ''\n  outptu: score");

        Assert.Null(options);
        Assert.Contains(errors, e => e.Path == "profiles[0].ranking_model.path" && e.Line == 3 && e.Message.Contains("'/no/such/ranker.onnx' does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "profiles[0].ranking_model.threads" && e.Message.Contains("between 1 and 64", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "profiles[0].ranking_model.input" && e.Message.Contains("must not be empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "profiles[0].ranking_model.outptu" && e.Message.StartsWith("unknown key", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Read_MissingPathOrNotAMapping_IsReported()
    {
        var (_, missing) = Read("name: p\nranking_model: { threads: 1 }");
        var error = Assert.Single(missing);
        Assert.Equal(("profiles[0].ranking_model.path", "is required (the .onnx ranking model file)"), (error.Path, error.Message));
        var (_, scalar) = Read("name: p\nranking_model: ranker.onnx");
        Assert.Equal("profiles[0].ranking_model", Assert.Single(scalar).Path);
    }

    [Fact]
    public void Create_WithoutModel_IsTheWeightedSum()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        var reranker = Assert.IsType<WeightedSumReranker>(RerankerFactory.Create(features, null));
        Assert.Same(features[0], reranker.Features[0]);
    }

    [Fact]
    public void Create_WithModel_IsAModelReranker()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        var path = _files.Write("ranker.onnx", LinearRankingModel.Build(ScoringFixtures.ProductWeights));
        using var reranker = Assert.IsType<ModelReranker>(RerankerFactory.Create(features, new RankingModelOptions { Path = path }));
        Assert.Equal(path, reranker.Model.Source);
        Assert.Throws<RankingModelException>(() => RerankerFactory.Create(features.Take(2).ToList(), new RankingModelOptions { Path = path }));
    }

    [Fact]
    public void Create_WithConfigNode_ReportsABadModelAsAConfigError()
    {
        var features = ScoringFixtures.Features(ScoringFixtures.ProductFeatures);
        var path = _files.Write("ranker.onnx", LinearRankingModel.Build([1f, 1f]));
        var stream = new YamlStream();
        stream.Load(new StringReader($"name: p\nranking_model:\n  path: '{path}'"));
        var profile = new ConfigNode(stream.Documents[0].RootNode, "profiles[0]", new ConfigErrors());

        var model = RerankerFactory.Read(profile);
        var reranker = RerankerFactory.Create(features, model, profile);

        Assert.IsType<WeightedSumReranker>(reranker);
        var error = Assert.Single(profile.Errors.All);
        Assert.Equal(("profiles[0].ranking_model.path", 3), (error.Path, error.Line));
        Assert.Contains("Feature count mismatch", error.Message, StringComparison.Ordinal);
    }
}
