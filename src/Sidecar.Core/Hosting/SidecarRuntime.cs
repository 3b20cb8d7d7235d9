using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Embeddings;
using Sidecar.Enrichment;
using Sidecar.Ranking.Features;
using Sidecar.Ranking.Models;

namespace Sidecar.Hosting;

/// <summary>
/// What lives for the whole process, across configuration reloads: loaded models, the item-vector cache
/// and the loader that reads the YAML with them. The executable and the tests create one.
/// </summary>
public sealed class SidecarRuntime : IDisposable
{
    /// <param name="itemCacheSize">Capacity of the in-memory item-vector cache.</param>
    /// <param name="embedderFactory">Creates embedding models (tests substitute a deterministic one); default: ONNX Runtime.</param>
    public SidecarRuntime(int itemCacheSize = 100_000, Func<EmbeddingModelOptions, ITextEmbedder>? embedderFactory = null)
    {
        Models = new ModelRegistry(embedderFactory);
        ItemCache = new ItemEmbeddingCache(itemCacheSize);
        Loader = new SidecarConfigLoader(FeatureRegistry.CreateDefault(), Models, ItemCache);
    }

    public ModelRegistry Models { get; }

    public ItemEmbeddingCache ItemCache { get; }

    public SidecarConfigLoader Loader { get; }

    /// <summary>Reload the configuration file when it changes (the executable turns this on).</summary>
    public bool WatchConfigFile { get; set; }

    /// <summary>The configuration as the file said before command-line overrides.</summary>
    public SidecarOptions? FromFile { get; set; }

    /// <summary>The clock of every timeout, budget and breaker (tests substitute a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Replaces the default logging setup (tests silence it).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    public void Dispose() => Models.Dispose();
}
