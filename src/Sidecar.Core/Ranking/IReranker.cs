using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Ranking;

/// <summary>Reorders a first-stage window. Implementations are immutable and shared by all requests.</summary>
public interface IReranker
{
    /// <summary>The features this reranker computes, in declaration order.</summary>
    IReadOnlyList<IFeature> Features { get; }

    /// <summary>Scores every hit and returns the new order. Throws only on bugs; the caller fails open.</summary>
    RerankResult Rerank(RerankContext context, ReadOnlySpan<SearchHit> hits);
}
