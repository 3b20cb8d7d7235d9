using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Eval;

/// <summary>A declared feature with another weight (same values): how an ablation runs a feature declared with weight 0 alone.</summary>
public sealed class ReweightedFeature : IFeature
{
    private readonly IFeature _inner;

    public ReweightedFeature(IFeature inner, double weight)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner is ReweightedFeature r ? r._inner : inner;
        Weight = weight;
    }

    public string Name => _inner.Name;

    public string Type => _inner.Type;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields => _inner.SourceFields;

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values) => _inner.Compute(context, hits, values);
}
