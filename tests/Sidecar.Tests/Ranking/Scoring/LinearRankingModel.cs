namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>
/// The ONNX equivalent of the weighted sum: <c>score = X · W + b</c> with <c>X</c> float32 <c>[N, F]</c>
/// (input "features"), <c>W</c> <c>[F, 1]</c>, <c>b</c> <c>[1]</c>, output "score". Also writes an example
/// model for documentation (<see cref="WriteFile"/>; see <c>ExampleModel_IsWrittenWhereAsked</c>).
/// </summary>
internal static class LinearRankingModel
{
    public const string InputName = "features";
    public const string OutputName = "score";

    /// <param name="weights">One weight per feature, in declaration order.</param>
    /// <param name="bias">Added to every score.</param>
    /// <param name="output">The output's shape.</param>
    /// <param name="featureDim">The input's feature dimension: fixed to <c>weights.Length</c> (default) or a symbol such as "F".</param>
    public static byte[] Build(float[] weights, float bias = 0f, LinearOutput output = LinearOutput.Column, OnnxDim? featureDim = null)
    {
        var f = weights.Length;
        var b = new OnnxModelBuilder()
            .Input(InputName, OnnxModelBuilder.Float, "N", featureDim ?? f)
            .FloatInitializer("W", [f, 1], weights)
            .FloatInitializer("B", [1], bias)
            .Node("MatMul", [InputName, "W"], ["xw"]);
        switch (output)
        {
            case LinearOutput.Column:
                b.Node("Add", ["xw", "B"], [OutputName]).Output(OutputName, OnnxModelBuilder.Float, "N", 1);
                break;
            case LinearOutput.Squeeze:
                b.Int64Initializer("axes", [1], 1)
                    .Node("Add", ["xw", "B"], ["column"])
                    .Node("Squeeze", ["column", "axes"], [OutputName])
                    .Output(OutputName, OnnxModelBuilder.Float, "N");
                break;
            default:
                b.Int64Initializer("flat", [1], -1)
                    .Node("Add", ["xw", "B"], ["column"])
                    .Node("Reshape", ["column", "flat"], [OutputName])
                    .Output(OutputName, OnnxModelBuilder.Float, "N");
                break;
        }

        return b.Build();
    }

    /// <summary>Writes <see cref="Build"/>'s bytes to <paramref name="path"/> (directories created) and returns the full path.</summary>
    public static string WriteFile(string path, float[] weights, float bias = 0f, LinearOutput output = LinearOutput.Column)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, Build(weights, bias, output));
        return full;
    }
}
