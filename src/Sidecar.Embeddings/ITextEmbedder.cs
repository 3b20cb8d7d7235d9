namespace Sidecar.Embeddings;

/// <summary>
/// Turns text into L2-normalised sentence vectors, so cosine similarity is a plain dot product
/// (<see cref="VectorMath.Dot"/>). Implementations are thread-safe. Returned arrays belong to the caller.
/// </summary>
public interface ITextEmbedder : IDisposable
{
    /// <summary>Model name, e.g. "minilm-l6-v2".</summary>
    string Name { get; }

    /// <summary>Vector length (384 for both shipped models).</summary>
    int Dimensions { get; }

    /// <summary>Embeds a search query: query prefix applied, truncated, normalised, cached (LRU).</summary>
    float[] EmbedQuery(string text);

    /// <summary>As <see cref="EmbedQuery"/>, but waits for an inference slot asynchronously.</summary>
    ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Embeds documents (document prefix, not cached) in padded batches; result[i] belongs to texts[i].</summary>
    float[][] EmbedDocuments(IReadOnlyList<string> texts, int batchSize = 32);

    /// <summary>As <see cref="EmbedDocuments"/>, but waits for inference slots asynchronously.</summary>
    Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default);
}
