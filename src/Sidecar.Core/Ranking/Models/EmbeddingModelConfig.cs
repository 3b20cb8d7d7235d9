using Sidecar.Configuration;
using Sidecar.Embeddings;

namespace Sidecar.Ranking.Models;

/// <summary>
/// Reads <c>models.embedding</c>: the sentence-embedding model used by semantic features, write-time
/// enrichment and the backfill command.
/// <code>
/// models:
///   embedding:
///     preset: arctic-embed-xs   # arctic-embed-xs | minilm-l6-v2 | custom
///     bundle: models/arctic-embed-xs.bundle.dll   # or model_path + vocab_path
///     pooling: cls              # cls | mean (presets set it)
///     query_prefix: "..."       # presets set it
///     max_query_tokens: 64
///     max_document_tokens: 256
///     threads: 1
///     max_concurrency: 2
///     query_cache_size: 10000
/// </code>
/// </summary>
public static class EmbeddingModelConfig
{
    public static EmbeddingModelOptions? Read(ConfigNode models)
    {
        var n = models.Section("embedding");
        models.ReportUnknownKeys();
        if (n.IsMissing)
        {
            return null;
        }

        var preset = n.Enum("preset", "arctic-embed-xs", "arctic-embed-xs", "minilm-l6-v2", "custom");
        var bundle = n.String("bundle");
        var modelPath = n.String("model_path");
        var vocabPath = n.String("vocab_path");
        var baseOptions = preset switch
        {
            "minilm-l6-v2" => EmbeddingModelOptions.MiniLm(Resolve(bundle)),
            "arctic-embed-xs" => EmbeddingModelOptions.ArcticXs(Resolve(bundle)),
            _ => new EmbeddingModelOptions { Name = n.String("name", "custom")! },
        };
        if (modelPath is not null || vocabPath is not null)
        {
            baseOptions = baseOptions with { BundlePath = null, ModelPath = Resolve(modelPath), VocabPath = Resolve(vocabPath) };
        }
        else if (preset == "custom")
        {
            baseOptions = baseOptions with { BundlePath = Resolve(bundle) };
        }

        var pooling = n.Enum("pooling", baseOptions.Pooling == PoolingMode.Cls ? "cls" : "mean", "cls", "mean");
        var options = baseOptions with
        {
            Name = n.String("name", baseOptions.Name)!,
            Pooling = pooling == "cls" ? PoolingMode.Cls : PoolingMode.Mean,
            QueryPrefix = n.String("query_prefix", baseOptions.QueryPrefix) ?? string.Empty,
            DocumentPrefix = n.String("document_prefix", baseOptions.DocumentPrefix) ?? string.Empty,
            MaxQueryTokens = n.Int("max_query_tokens", 64, 3, 512),
            MaxDocumentTokens = n.Int("max_document_tokens", baseOptions.MaxDocumentTokens, 3, 512),
            IntraOpThreads = n.Int("threads", 1, 1, 64),
            MaxConcurrency = n.Int("max_concurrency", Math.Max(1, Environment.ProcessorCount), 1, 1024),
            QueryCacheSize = n.Int("query_cache_size", 10_000, 0, 10_000_000),
        };
        n.ReportUnknownKeys();
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            n.Errors.Add(n, e.Message);
            return null;
        }

        return options;
    }

    /// <summary>Relative model paths are resolved against the working directory, then the binary's directory.</summary>
    private static string? Resolve(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        var besideBinary = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideBinary) ? besideBinary : path;
    }
}
