namespace Sidecar.Embeddings;

/// <summary>
/// Where a sentence-embedding model comes from and how it is run. Give either
/// <see cref="BundlePath"/> (a package DLL holding model.onnx + vocab.txt as embedded resources) or
/// both <see cref="ModelPath"/> and <see cref="VocabPath"/>. Use the presets <see cref="MiniLm"/> and
/// <see cref="ArcticXs"/> for the two shipped models: they set pooling and prefixes correctly.
/// </summary>
public sealed record EmbeddingModelOptions
{
    /// <summary>Query prefix arctic-embed-xs was trained with (documents get none).</summary>
    public const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>A short name for logs and metrics, e.g. "minilm-l6-v2".</summary>
    public required string Name { get; init; }

    /// <summary>A .NET assembly whose manifest resources end in "model.onnx" and "vocab.txt". Default: none.</summary>
    public string? BundlePath { get; init; }

    /// <summary>An .onnx file (used when <see cref="BundlePath"/> is not set). Default: none.</summary>
    public string? ModelPath { get; init; }

    /// <summary>A vocab.txt file (used when <see cref="BundlePath"/> is not set). Default: none.</summary>
    public string? VocabPath { get; init; }

    /// <summary>How token vectors become a sentence vector. Default: <see cref="PoolingMode.Mean"/>.</summary>
    public PoolingMode Pooling { get; init; } = PoolingMode.Mean;

    /// <summary>Prepended to every query before tokenising. Default: "".</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>Prepended to every document before tokenising. Default: "".</summary>
    public string DocumentPrefix { get; init; } = "";

    /// <summary>Queries are truncated to this many tokens, [CLS] and [SEP] included. Default: 128.</summary>
    public int MaxQueryTokens { get; init; } = 128;

    /// <summary>Documents are truncated to this many tokens, [CLS] and [SEP] included. Default: 256 (max 512).</summary>
    public int MaxDocumentTokens { get; init; } = 256;

    /// <summary>Lower-case input (uncased BERT vocabularies, as both shipped models use). Default: true.</summary>
    public bool LowercaseInput { get; init; } = true;

    /// <summary>ONNX Runtime intra-op threads per inference. Default: 1 (concurrency comes from parallel requests).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>At most this many inferences run at once; more wait. Default: <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Query embeddings kept in the LRU cache; 0 disables it. Default: 10000 (~16 MB at 384 dims).</summary>
    public int QueryCacheSize { get; init; } = 10_000;

    /// <summary>The model output holding per-token states [batch x seq x dims]. Default: "last_hidden_state".</summary>
    public string OutputName { get; init; } = "last_hidden_state";

    /// <summary>Run one inference at load so the first request is not slow and a broken model fails at start-up. Default: true.</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2: 384 dims, mean pooling, no prefixes.
    /// <paramref name="bundlePath"/> defaults to models/minilm-l6-v2.bundle.dll next to the app.
    /// </summary>
    public static EmbeddingModelOptions MiniLm(string? bundlePath = null) => new()
    {
        Name = "minilm-l6-v2",
        BundlePath = bundlePath ?? ModelBundle.DefaultPath(ModelBundle.MiniLmFileName),
        Pooling = PoolingMode.Mean,
    };

    /// <summary>
    /// Snowflake/snowflake-arctic-embed-xs: 384 dims, CLS pooling, query prefix
    /// <see cref="ArcticQueryPrefix"/>, no document prefix.
    /// <paramref name="bundlePath"/> defaults to models/arctic-embed-xs.bundle.dll next to the app.
    /// </summary>
    public static EmbeddingModelOptions ArcticXs(string? bundlePath = null) => new()
    {
        Name = "arctic-embed-xs",
        BundlePath = bundlePath ?? ModelBundle.DefaultPath(ModelBundle.ArcticXsFileName),
        Pooling = PoolingMode.Cls,
        QueryPrefix = ArcticQueryPrefix,
        MaxDocumentTokens = 512,
    };

    /// <summary>Throws <see cref="ArgumentException"/> when the options cannot describe a model.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("EmbeddingModelOptions.Name must be set.");
        }

        var hasFiles = !string.IsNullOrWhiteSpace(ModelPath) || !string.IsNullOrWhiteSpace(VocabPath);
        if (string.IsNullOrWhiteSpace(BundlePath) == !hasFiles)
        {
            throw new ArgumentException(
                $"Model '{Name}': set either BundlePath, or ModelPath and VocabPath (not both).");
        }

        if (hasFiles && (string.IsNullOrWhiteSpace(ModelPath) || string.IsNullOrWhiteSpace(VocabPath)))
        {
            throw new ArgumentException($"Model '{Name}': ModelPath and VocabPath must both be set.");
        }

        RequireRange(MaxQueryTokens, 3, 512, nameof(MaxQueryTokens));
        RequireRange(MaxDocumentTokens, 3, 512, nameof(MaxDocumentTokens));
        RequireRange(IntraOpThreads, 1, 256, nameof(IntraOpThreads));
        RequireRange(MaxConcurrency, 1, 1024, nameof(MaxConcurrency));
        RequireRange(QueryCacheSize, 0, 10_000_000, nameof(QueryCacheSize));
    }

    private void RequireRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"Model '{Name}': {name} is {value}; it must be in [{min}, {max}].");
        }
    }
}
