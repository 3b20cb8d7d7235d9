using System.Collections.Concurrent;
using Sidecar.Embeddings;

namespace Sidecar.Ranking.Models;

/// <summary>
/// Loaded models, shared by every configuration generation: a reload that keeps the same model settings
/// reuses the loaded session instead of loading the model again. Thread-safe.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly ConcurrentDictionary<EmbeddingModelOptions, Lazy<ITextEmbedder>> _embedders = new();
    private readonly Func<EmbeddingModelOptions, ITextEmbedder> _factory;

    public ModelRegistry(Func<EmbeddingModelOptions, ITextEmbedder>? factory = null)
    {
        _factory = factory ?? (o => new OnnxTextEmbedder(o));
    }

    /// <summary>The embedder for <paramref name="options"/>, loading it on first use; throws <see cref="EmbeddingModelException"/> when it cannot load.</summary>
    public ITextEmbedder GetEmbedder(EmbeddingModelOptions options)
    {
        var lazy = _embedders.GetOrAdd(options, o => new Lazy<ITextEmbedder>(() => _factory(o)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _embedders.TryRemove(options, out _);
            throw;
        }
    }

    public IEnumerable<ITextEmbedder> Loaded => _embedders.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    public void Dispose()
    {
        foreach (var e in Loaded)
        {
            e.Dispose();
        }

        _embedders.Clear();
    }
}
