using Sidecar.Ranking.Scoring;

namespace Sidecar.Tests.Ranking.Scoring;

public sealed class OnnxRankingModelTests : IDisposable
{
    private static readonly string[] ThreeFeatures = ["bm25", "rating", "popularity"];

    private readonly ModelFiles _files = new();

    public void Dispose() => _files.Dispose();

    private RankingModelException LoadFails(byte[] bytes, string[]? features = null, string? input = null, string? output = null)
    {
        var path = _files.Write("bad.onnx", bytes);
        var e = Assert.Throws<RankingModelException>(() =>
            OnnxRankingModel.Load(new RankingModelOptions { Path = path, InputName = input, OutputName = output }, features ?? ThreeFeatures));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(e.Message);
        return e;
    }

    [Fact]
    public void Load_ValidModel_ScoresRowsAsXTimesWPlusB()
    {
        var path = _files.Write("linear.onnx", LinearRankingModel.Build([1f, 2f, -1f], bias: 0.5f, LinearOutput.Squeeze));
        using var model = OnnxRankingModel.Load(new RankingModelOptions { Path = path, Threads = 2 }, ThreeFeatures);
        var scores = new float[2];

        model.Score([1f, 1f, 1f, 0f, 0.5f, 3f], scores);

        Assert.Equal([2.5f, -1.5f], scores);
        Assert.Equal((3, "features", "score", path), (model.FeatureCount, model.InputName, model.OutputName, model.Source));
        Assert.Throws<ArgumentException>(() => model.Score([1f, 2f], scores));
    }

    [Fact]
    public void Load_SymbolicFeatureDimension_IsAccepted()
    {
        var path = _files.Write("dynamic.onnx", LinearRankingModel.Build([1f, 1f, 1f], featureDim: "F"));
        using var model = OnnxRankingModel.Load(new RankingModelOptions { Path = path }, ThreeFeatures);
        Assert.Equal(3, model.FeatureCount);
    }

    [Fact]
    public void Load_SymbolicFeatureDimensionThatDoesNotFit_FailsAtWarmUp()
    {
        var e = LoadFails(LinearRankingModel.Build([1f, 1f], featureDim: "F"));
        Assert.Contains("loaded but its first inference (2 rows of 3 zeros) failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongFeatureCount_NamesTheMismatch()
    {
        var e = LoadFails(LinearRankingModel.Build([1f, 1f]));
        Assert.Contains("Feature count mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains("takes 2 features but the profile declares 3 features (bm25, rating, popularity)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptBytes_SaysTheFileIsNotAnOnnxModel()
    {
        var e = LoadFails("this is not a protobuf model at all \u0001\u0002\u0003\u00ff"u8.ToArray());
        Assert.Contains("cannot load the ranking model (corrupt", e.Message, StringComparison.Ordinal);
        var valid = LinearRankingModel.Build([1f, 1f, 1f]);
        Assert.Contains("corrupt", LoadFails(valid[..(valid.Length / 2)]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingOrEmptyFile_IsClear()
    {
        var missing = _files.PathOf("nope.onnx");
        var e = Assert.Throws<RankingModelException>(() => OnnxRankingModel.Load(new RankingModelOptions { Path = missing }, ThreeFeatures));
        Assert.StartsWith($"The ranking model file does not exist: '{missing}'. Set ranking_model.path", e.Message, StringComparison.Ordinal);
        Assert.Contains("is empty", LoadFails([]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputNotTwoDimensionalFloat_IsRejected()
    {
        var threeD = new OnnxModelBuilder()
            .Input("x", OnnxModelBuilder.Float, "N", 1, 3)
            .FloatInitializer("W", [3, 1], 1f, 1f, 1f)
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", OnnxModelBuilder.Float, "N", 1, 1)
            .Build();
        var doubles = new OnnxModelBuilder()
            .Input("x", OnnxModelBuilder.Double, "N", 3)
            .FloatInitializer("W", [3, 1], 1f, 1f, 1f)
            .Node("Cast", ["x"], ["xf"], ("to", OnnxModelBuilder.Float))
            .Node("MatMul", ["xf", "W"], ["y"])
            .Output("y", OnnxModelBuilder.Float, "N", 1)
            .Build();

        Assert.Contains("input 'x' is float32 [N, 1, 3], not a 2-D float32 tensor", LoadFails(threeD).Message, StringComparison.Ordinal);
        Assert.Contains("input 'x' is float64 [N, 3], not a 2-D float32 tensor", LoadFails(doubles).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FixedNumberOfRows_IsRejected()
    {
        var fixedRows = new OnnxModelBuilder()
            .Input("x", OnnxModelBuilder.Float, 1, 3)
            .FloatInitializer("W", [3, 1], 1f, 1f, 1f)
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", OnnxModelBuilder.Float, 1, 1)
            .Build();
        Assert.Contains("fixed number of rows (1)", LoadFails(fixedRows).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OutputNotOneScorePerHit_IsRejected()
    {
        var twoColumns = new OnnxModelBuilder()
            .Input("x", OnnxModelBuilder.Float, "N", 3)
            .FloatInitializer("W", [3, 2], 1f, 1f, 1f, 1f, 1f, 1f)
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", OnnxModelBuilder.Float, "N", 2)
            .Build();
        var e = LoadFails(twoColumns);
        Assert.Contains("output 'y' is float32 [N, 2], not one float32 score per hit ([N] or [N, 1])", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputAndOutputNames_AreCheckedAgainstTheModel()
    {
        var model = LinearRankingModel.Build([1f, 1f, 1f]);
        Assert.Contains("no input 'x' (inputs: features float32 [N, 3])", LoadFails(model, input: "x").Message, StringComparison.Ordinal);
        Assert.Contains("no output 'y' (outputs: score float32 [N, 1])", LoadFails(model, output: "y").Message, StringComparison.Ordinal);

        var path = _files.Write("named.onnx", model);
        using var ok = OnnxRankingModel.Load(new RankingModelOptions { Path = path, InputName = "features", OutputName = "score" }, ThreeFeatures);
        Assert.Equal("score", ok.OutputName);
    }

    [Fact]
    public void Load_SecondInput_IsRejected()
    {
        var twoInputs = new OnnxModelBuilder()
            .Input("x", OnnxModelBuilder.Float, "N", 3)
            .Input("bias", OnnxModelBuilder.Float, "N", 1)
            .FloatInitializer("W", [3, 1], 1f, 1f, 1f)
            .Node("MatMul", ["x", "W"], ["xw"])
            .Node("Add", ["xw", "bias"], ["y"])
            .Output("y", OnnxModelBuilder.Float, "N", 1)
            .Build();
        Assert.Contains("has 2 inputs (", LoadFails(twoInputs, input: "x").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ThenScore_Throws()
    {
        var path = _files.Write("linear.onnx", LinearRankingModel.Build([1f, 1f, 1f]));
        var model = OnnxRankingModel.Load(new RankingModelOptions { Path = path }, ThreeFeatures);
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Score(new float[3], new float[1]));
    }

    /// <summary>
    /// Writes an example model (weights of <see cref="ScoringFixtures.ProductFeatures"/>) so docs can use a real file:
    /// set SIDECAR_EXAMPLE_RANKING_MODEL to a path and run this test; otherwise it writes to a temp directory.
    /// </summary>
    [Fact]
    public void ExampleModel_IsWrittenWhereAsked()
    {
        var path = Environment.GetEnvironmentVariable("SIDECAR_EXAMPLE_RANKING_MODEL") is { Length: > 0 } target
            ? target
            : _files.PathOf("examples/ranker.onnx");
        var written = LinearRankingModel.WriteFile(path, ScoringFixtures.ProductWeights);
        using var model = OnnxRankingModel.Load(new RankingModelOptions { Path = written }, ThreeFeatures);
        Assert.Equal(written, model.Source);
    }
}
