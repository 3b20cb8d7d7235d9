namespace Sidecar.Ranking.Scoring;

/// <summary>
/// An optional learned ranking model that replaces the weighted sum of a profile (YAML
/// <c>ranking_model: { path, input, output, threads }</c>). The model takes one float32 tensor
/// <c>[n_hits x n_features]</c> holding, row by row, each hit's feature values in declaration order:
/// exactly the values the weighted sum multiplies by the weights (after each feature's normalisation and
/// <c>missing</c> default; a non-finite value is fed as 0). It returns one float32 score per hit, shaped
/// <c>[n_hits]</c> or <c>[n_hits x 1]</c>; higher is better. Tree ensembles exported with
/// onnxmltools/skl2onnx (LightGBM, XGBoost, scikit-learn regressors) and linear models fit this shape.
/// </summary>
public sealed record RankingModelOptions
{
    /// <summary>
    /// The .onnx file (YAML <c>path</c>, required). Relative paths resolve against the working directory,
    /// like <c>admin.api_key_file</c>; <see cref="RerankerFactory.Read"/> stores the full path.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>
    /// The model input that takes the feature matrix (YAML <c>input</c>). Default: null, meaning the
    /// model's single input. The model must not have other inputs.
    /// </summary>
    public string? InputName { get; init; }

    /// <summary>The model output holding the scores (YAML <c>output</c>). Default: null, meaning the first output.</summary>
    public string? OutputName { get; init; }

    /// <summary>
    /// ONNX Runtime intra-op threads per inference (YAML <c>threads</c>, 1 to 64). Default: 1: a window of
    /// a few hundred rows is scored in microseconds, and concurrency comes from parallel requests.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>The largest accepted <see cref="Threads"/>.</summary>
    public const int MaxThreads = 64;
}
