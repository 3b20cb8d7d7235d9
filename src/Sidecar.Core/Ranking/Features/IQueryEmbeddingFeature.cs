using Sidecar.Embeddings;

namespace Sidecar.Ranking.Features;

/// <summary>
/// A feature that needs the query's embedding. The search path computes it once per request, before the
/// features run (overlapping the first-stage call), under the model pipeline's concurrency limit and the
/// profile's budget; a failure there fails the search open with <c>reason=model_error</c>.
/// </summary>
public interface IQueryEmbeddingFeature
{
    ITextEmbedder Embedder { get; }
}
