using BenchmarkDotNet.Attributes;
using Sidecar.Embeddings;

namespace Sidecar.Benchmarks;

/// <summary>
/// Query-time model work (<see cref="OnnxTextEmbedder"/>, ONNX Runtime, 1 intra-op thread and 64 query tokens as
/// config/sidecar.yaml sets): tokenising, one query embedded without cache, and the same query from the LRU
/// cache (baseline: what a warm request pays). Also tokenising 100 product titles (what embedding a window would
/// start with; the sidecar never does it on the request path).
/// </summary>
[Config(typeof(BenchConfig))]
public class EmbeddingBenchmarks
{
    private const string Text = "wireless noise cancelling headphones";

    private OnnxTextEmbedder _cached = null!;
    private OnnxTextEmbedder _uncached = null!;
    private string[] _titles = [];
    private long[] _ids = [];
    private long[] _mask = [];

    [Params("arctic-embed-xs", "minilm-l6-v2")]
    public string Model { get; set; } = "arctic-embed-xs";

    [GlobalSetup]
    public void Setup()
    {
        var options = (Model == "minilm-l6-v2" ? EmbeddingModelOptions.MiniLm() : EmbeddingModelOptions.ArcticXs()) with
        {
            MaxQueryTokens = 64,
            MaxDocumentTokens = 256,
            IntraOpThreads = 1,
            MaxConcurrency = 2,
        };
        _cached = new OnnxTextEmbedder(options);
        _uncached = new OnnxTextEmbedder(options with { QueryCacheSize = 0 });
        _ = _cached.EmbedQuery(Text);
        _titles = File.ReadLines(RepoPaths.Products).Take(100)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("title").GetString()!).ToArray();
        _ids = new long[512];
        _mask = new long[512];
        var tokens = _cached.Tokenizer.Encode(options.QueryPrefix + Text, _ids.AsSpan(0, 64), _mask.AsSpan(0, 64));
        Console.WriteLine($"// {_cached}; query '{Text}' = {tokens} tokens with prefix");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cached.Dispose();
        _uncached.Dispose();
    }

    [Benchmark(Baseline = true, Description = "EmbedQuery, cached (LRU hit)")]
    public float[] Cached() => _cached.EmbedQuery(Text);

    [Benchmark(Description = "EmbedQuery, uncached (tokenise + inference)")]
    public float[] Uncached() => _uncached.EmbedQuery(Text);

    [Benchmark(Description = "tokenise the query (with prefix)")]
    public int TokenizeQuery() =>
        _cached.Tokenizer.Encode(_cached.Options.QueryPrefix + Text, _ids.AsSpan(0, _cached.Options.MaxQueryTokens), _mask);

    [Benchmark(Description = "tokenise 100 titles")]
    public int Tokenize100Titles()
    {
        var total = 0;
        foreach (var title in _titles)
        {
            total += _cached.Tokenizer.Encode(title, _ids.AsSpan(0, 256), _mask);
        }

        return total;
    }
}
