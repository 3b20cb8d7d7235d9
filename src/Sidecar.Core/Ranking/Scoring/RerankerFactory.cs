using Sidecar.Configuration;
using Sidecar.Ranking.Features;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// Builds a profile's reranker: the weighted sum, or a learned model when the profile has a
/// <c>ranking_model</c> section. YAML (all keys but <c>path</c> optional):
/// <code>
/// ranking_model:
///   path: models/ranker.onnx   # float32 [N, n_features] -> [N] or [N, 1]; relative to the working directory
///   input: features            # default: the model's only input
///   output: score              # default: the model's first output
///   threads: 1                 # ONNX Runtime intra-op threads, 1..64
/// </code>
/// </summary>
public static class RerankerFactory
{
    /// <summary>The profile key this factory reads.</summary>
    public const string SectionName = "ranking_model";

    /// <summary>
    /// A <see cref="WeightedSumReranker"/> when <paramref name="model"/> is null, otherwise a
    /// <see cref="ModelReranker"/> over the loaded and checked model.
    /// </summary>
    /// <exception cref="RankingModelException">The model file is missing, corrupt or does not fit the features.</exception>
    public static IReranker Create(IReadOnlyList<IFeature> features, RankingModelOptions? model)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (model is null)
        {
            return new WeightedSumReranker(features);
        }

        var loaded = OnnxRankingModel.Load(model, [.. features.Select(f => f.Name)]);
        return new ModelReranker(features, loaded);
    }

    /// <summary>
    /// Like <see cref="Create(IReadOnlyList{IFeature}, RankingModelOptions?)"/>, but a model that cannot be
    /// loaded is reported as a configuration error at <c>&lt;profile&gt;.ranking_model.path</c> (and the weighted
    /// sum is returned so that loading can go on and report everything). No model is loaded when errors
    /// were already reported, since the declared features may then be incomplete.
    /// </summary>
    public static IReranker Create(IReadOnlyList<IFeature> features, RankingModelOptions? model, ConfigNode profileNode)
    {
        ArgumentNullException.ThrowIfNull(profileNode);
        if (model is null || profileNode.Errors.HasErrors)
        {
            return new WeightedSumReranker(features);
        }

        try
        {
            return Create(features, model);
        }
        catch (RankingModelException e)
        {
            var at = profileNode.Section(SectionName).Child("path");
            profileNode.Errors.Add(at, e.Message);
            return new WeightedSumReranker(features);
        }
    }

    /// <summary>
    /// Reads the optional <c>ranking_model</c> section of a profile: null when absent. Reports (through
    /// <paramref name="profileNode"/>'s errors, with path and line) a missing or non-existent <c>path</c>,
    /// empty names, <c>threads</c> out of range and unknown keys; returns null when the section is unusable.
    /// </summary>
    public static RankingModelOptions? Read(ConfigNode profileNode)
    {
        ArgumentNullException.ThrowIfNull(profileNode);
        var n = profileNode.Section(SectionName);
        if (n.IsMissing)
        {
            return null;
        }

        var errorsBefore = n.Errors.All.Count;
        var pathNode = n.Child("path");
        var path = pathNode.IsMissing ? null : pathNode.AsScalar();
        var input = Name(n, "input");
        var output = Name(n, "output");
        var threads = n.Int("threads", 1, 1, RankingModelOptions.MaxThreads);
        n.ReportUnknownKeys();

        string? fullPath = null;
        if (pathNode.IsMissing)
        {
            n.Errors.Add(pathNode.Path, n.Line, n.Column, "is required (the .onnx ranking model file)");
        }
        else if (string.IsNullOrWhiteSpace(path))
        {
            n.Errors.Add(pathNode, "must be the path of an .onnx file");
        }
        else if ((fullPath = FullPath(path)) is null || !File.Exists(fullPath))
        {
            n.Errors.Add(pathNode, $"the ranking model file '{fullPath ?? path}' does not exist (relative paths resolve against the working directory '{Environment.CurrentDirectory}')");
        }

        if (n.Errors.All.Count > errorsBefore || fullPath is null)
        {
            return null;
        }

        return new RankingModelOptions { Path = fullPath, InputName = input, OutputName = output, Threads = threads };
    }

    private static string? Name(ConfigNode section, string key)
    {
        var node = section.Child(key);
        var value = node.IsMissing ? null : node.AsScalar();
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            section.Errors.Add(node, $"must not be empty (omit {key} to use the model's default)");
            return null;
        }

        return value;
    }

    private static string? FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
