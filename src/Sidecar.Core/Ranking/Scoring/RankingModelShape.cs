using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// Checks that a loaded ONNX session fits a profile: one float32 input <c>[hits x features]</c> with a
/// dynamic hits dimension and, when fixed, as many features as declared; an output of one float32 score per
/// hit (<c>[hits]</c> or <c>[hits x 1]</c>). Every problem is a <see cref="RankingModelException"/>.
/// </summary>
internal sealed record RankingModelShape(string InputName, string OutputName, bool OutputIsColumn)
{
    public static RankingModelShape Check(InferenceSession session, RankingModelOptions options, IReadOnlyList<string> featureNames, string path)
    {
        var inputName = PickInput(session, options, path);
        var input = session.InputMetadata[inputName];
        var features = featureNames.Count;
        var declared = $"the profile declares {features} feature{(features == 1 ? "" : "s")} ({string.Join(", ", featureNames)})";
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 2)
        {
            throw RankingModelException.ForFile(path,
                $"The ranking model's input '{inputName}' is {Describe(input)}, not a 2-D float32 tensor [hits x features]",
                $"Export the ranker with a float32 input of shape [N, {features}]: {declared}, in that order");
        }

        if (input.Dimensions[0] > 0)
        {
            throw RankingModelException.ForFile(path,
                $"The ranking model's input '{inputName}' {Describe(input)} has a fixed number of rows ({input.Dimensions[0]})",
                "Export it with a dynamic first (hits) dimension, e.g. dim_param 'N' (a window has any number of hits)");
        }

        if (input.Dimensions[1] > 0 && input.Dimensions[1] != features)
        {
            throw RankingModelException.ForFile(path,
                $"Feature count mismatch: the ranking model's input '{inputName}' {Describe(input)} takes {input.Dimensions[1]} features but {declared}",
                $"Declare the {input.Dimensions[1]} features the model was trained on, in training order, or retrain/re-export it with {features}");
        }

        var outputName = PickOutput(session, options, path);
        var output = session.OutputMetadata[outputName];
        var dims = output.Dimensions;
        var isColumn = dims.Length == 2;
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float
            || dims.Length is < 1 or > 2 || (isColumn && dims[1] is not (1 or -1)))
        {
            throw RankingModelException.ForFile(path,
                $"The ranking model's output '{outputName}' is {Describe(output)}, not one float32 score per hit ([N] or [N, 1])",
                "Set ranking_model.output to the score output, or re-export the model so that it returns float32 [N] or [N, 1]");
        }

        return new RankingModelShape(inputName, outputName, isColumn);
    }

    private static string PickInput(InferenceSession session, RankingModelOptions options, string path)
    {
        var names = session.InputNames;
        if (options.InputName is { } wanted && !names.Contains(wanted))
        {
            throw RankingModelException.ForFile(path, $"The ranking model has no input '{wanted}' (inputs: {List(session.InputMetadata)})",
                "Set ranking_model.input to the input that takes the feature matrix, or omit it when the model has a single input");
        }

        if (names.Count != 1)
        {
            throw RankingModelException.ForFile(path, $"The ranking model has {names.Count} inputs ({List(session.InputMetadata)})",
                "The sidecar feeds one tensor, the feature matrix: export the ranker with that as its only input");
        }

        return names[0];
    }

    private static string PickOutput(InferenceSession session, RankingModelOptions options, string path)
    {
        var names = session.OutputNames;
        if (options.OutputName is { } wanted)
        {
            return names.Contains(wanted)
                ? wanted
                : throw RankingModelException.ForFile(path, $"The ranking model has no output '{wanted}' (outputs: {List(session.OutputMetadata)})",
                    "Set ranking_model.output to the output holding the scores, or omit it to use the first output");
        }

        return names.Count > 0
            ? names[0]
            : throw RankingModelException.ForFile(path, "The ranking model has no outputs", "Re-export the ranker with its score output");
    }

    private static string List(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key} {Describe(n.Value)}"));

    /// <summary>E.g. <c>float32 [N, 3]</c>; symbolic dimensions by name, unknown ones as <c>?</c>.</summary>
    private static string Describe(NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            return node.OnnxValueType.ToString();
        }

        var dims = new string[node.Dimensions.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            var symbol = i < node.SymbolicDimensions.Length ? node.SymbolicDimensions[i] : null;
            dims[i] = node.Dimensions[i] >= 0 ? node.Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : string.IsNullOrEmpty(symbol) ? "?" : symbol;
        }

        var type = node.ElementDataType switch
        {
            TensorElementType.Float => "float32",
            TensorElementType.Double => "float64",
            TensorElementType.Int64 => "int64",
            TensorElementType.Int32 => "int32",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{type} [{string.Join(", ", dims)}]";
    }
}
