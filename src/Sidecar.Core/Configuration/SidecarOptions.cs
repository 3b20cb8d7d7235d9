using Sidecar.Embeddings;
using Sidecar.Ranking;

namespace Sidecar.Configuration;

/// <summary>The whole, validated configuration. Immutable: a reload builds a new instance and swaps it.</summary>
public sealed record SidecarOptions
{
    public ServerOptions Server { get; init; } = new();

    public UpstreamOptions Upstream { get; init; } = new();

    public AdminOptions Admin { get; init; } = new();

    public RequestOptions Request { get; init; } = new();

    /// <summary>Timeouts, retries, breaker and model concurrency (YAML <c>resilience</c>); applied at start-up.</summary>
    public Resilience.ResilienceOptions Resilience { get; init; } = new();

    public IReadOnlyList<RerankProfile> Profiles { get; init; } = [];

    /// <summary>Behaviour events and user profiles (YAML <c>personalization</c>); null when the section is absent.</summary>
    public Personalization.PersonalizationOptions? Personalization { get; init; }

    /// <summary>
    /// Item vectors kept in memory, shared by all profiles (YAML <c>models.item_cache_size</c>, default 100,000: about
    /// 95 MB when full with 384-dimension vectors in half precision). Start-up only.
    /// </summary>
    public int ItemCacheSize { get; init; } = 100_000;

    /// <summary>The sentence-embedding model settings (<c>models.embedding</c>); null when none.</summary>
    public EmbeddingModelOptions? EmbeddingModel { get; init; }

    /// <summary>The loaded embedding model (shared across reloads by the model registry); null when none.</summary>
    public ITextEmbedder? Embedder { get; init; }

    /// <summary>Where this configuration came from (file path or "inline").</summary>
    public string Source { get; init; } = "inline";
}
