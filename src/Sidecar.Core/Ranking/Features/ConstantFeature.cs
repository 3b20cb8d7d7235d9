using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>A feature with the same value for every hit; stands in for a misdeclared feature while errors are collected.</summary>
internal sealed class ConstantFeature(string name, string type, double weight, double value) : IFeature
{
    public string Name => name;

    public string Type => type;

    public double Weight => weight;

    public IReadOnlyList<string> SourceFields => [];

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values) => values.Fill(value);
}
