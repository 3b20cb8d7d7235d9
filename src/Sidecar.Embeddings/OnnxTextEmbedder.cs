using System.Buffers;
using System.Diagnostics;

namespace Sidecar.Embeddings;

/// <summary>
/// <see cref="ITextEmbedder"/> over ONNX Runtime. Everything is loaded and checked in the
/// constructor (bad files throw <see cref="EmbeddingModelException"/> at start-up), including one
/// warm-up inference. One session and one tokenizer are shared by all threads; at most
/// <see cref="EmbeddingModelOptions.MaxConcurrency"/> inferences run at once.
/// </summary>
public sealed class OnnxTextEmbedder : ITextEmbedder
{
    private readonly EncoderSession _session;
    private readonly SemaphoreSlim _gate;
    private readonly LruCache<string, float[]> _queryCache;
    private int _disposed;

    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    /// <exception cref="EmbeddingModelException">A model, vocabulary or bundle file is missing, empty or corrupt.</exception>
    public OnnxTextEmbedder(EmbeddingModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        Options = options;

        var (model, vocab, modelSource, vocabSource) = ModelSource.Read(options);
        Tokenizer = WordPieceTokenizer.Load(vocab, vocabSource, options.LowercaseInput);
        _session = EncoderSession.Create(model, modelSource, options.OutputName, options.IntraOpThreads);
        _gate = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _queryCache = new LruCache<string, float[]>(options.QueryCacheSize, StringComparer.Ordinal);
        Source = modelSource;

        if (options.WarmUp)
        {
            try
            {
                _ = Embed(["warm up"], options.QueryPrefix, options.MaxQueryTokens, options.Pooling, 1);
            }
            catch (Exception e) when (e is not EmbeddingModelException)
            {
                Dispose();
                throw EmbeddingModelException.ForFile(modelSource, "The model loaded but its first inference failed",
                    "Use a BERT-style sentence-transformers export with input_ids/attention_mask inputs", e);
            }
        }

        LoadTime = clock.Elapsed;
    }

    public string Name => Options.Name;

    public int Dimensions => _session.Dimensions;

    public EmbeddingModelOptions Options { get; }

    /// <summary>The file the model was read from (bundle or .onnx).</summary>
    public string Source { get; }

    /// <summary>Time to read, parse, check and warm up the model (typically well under a second).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>The shared, thread-safe tokenizer.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Hits, misses and size of the query-embedding cache.</summary>
    public LruCacheStatistics QueryCacheStatistics => _queryCache.Statistics;

    public float[] EmbedQuery(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_queryCache.TryGet(text, out var cached))
        {
            return (float[])cached.Clone();
        }

        _gate.Wait();
        try
        {
            return RememberQuery(text, Embed([text], Options.QueryPrefix, Options.MaxQueryTokens, Options.Pooling, 1)[0]);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_queryCache.TryGet(text, out var cached))
        {
            return (float[])cached.Clone();
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return RememberQuery(text, Embed([text], Options.QueryPrefix, Options.MaxQueryTokens, Options.Pooling, 1)[0]);
        }
        finally
        {
            _gate.Release();
        }
    }

    public float[][] EmbedDocuments(IReadOnlyList<string> texts, int batchSize = 32)
    {
        var plan = DocumentPlan.Create(texts, batchSize);
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            _gate.Wait();
            try
            {
                plan.Run(this, start);
            }
            finally
            {
                _gate.Release();
            }
        }

        return plan.Results;
    }

    public async Task<float[][]> EmbedDocumentsAsync(
        IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        var plan = DocumentPlan.Create(texts, batchSize);
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                plan.Run(this, start);
            }
            finally
            {
                _gate.Release();
            }
        }

        return plan.Results;
    }

    public override string ToString() =>
        $"{Name} ({Dimensions} dims, {Options.Pooling} pooling) from {Source}, loaded in {LoadTime.TotalMilliseconds:F0} ms";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _gate.Dispose();
            _queryCache.Clear();
        }
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> in order as one padded batch per <paramref name="batchSize"/>
    /// rows, without the concurrency gate. Also used by tests to compare pooling modes.
    /// </summary>
    internal float[][] Embed(IReadOnlyList<string> texts, string prefix, int maxTokens, PoolingMode pooling, int batchSize)
    {
        var order = Enumerable.Range(0, texts.Count).ToArray();
        var results = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            EmbedRows(texts, order.AsSpan(start, Math.Min(batchSize, texts.Count - start)), prefix, maxTokens, pooling, results);
        }

        return results;
    }

    /// <summary>Embeds <c>texts[order[i]]</c> into <c>results[order[i]]</c> as one batch.</summary>
    internal void EmbedRows(
        IReadOnlyList<string> texts, ReadOnlySpan<int> order, string prefix, int maxTokens, PoolingMode pooling, float[][] results)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var batch = TokenBatch.Create(Tokenizer, texts, order, prefix, maxTokens);
        var hidden = _session.Run(batch);
        try
        {
            var mask = batch.AttentionMask.Span;
            for (var r = 0; r < order.Length; r++)
            {
                var vector = new float[Dimensions];
                Pooler.Pool(hidden, mask, r, batch.SequenceLength, pooling, vector);
                results[order[r]] = vector;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(hidden);
        }
    }

    private float[] RememberQuery(string text, float[] vector)
    {
        _queryCache.Set(text, vector);
        return (float[])vector.Clone();
    }
}
