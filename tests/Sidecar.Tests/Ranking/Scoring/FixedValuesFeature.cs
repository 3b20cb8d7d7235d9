using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>A test feature that returns given values (hit <c>i</c> gets <c>values[i]</c>), NaN and infinities included.</summary>
internal sealed class FixedValuesFeature(string name, double weight, params double[] values) : IFeature
{
    public string Name => name;

    public string Type => "fixed_values";

    public double Weight => weight;

    public IReadOnlyList<string> SourceFields => [];

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> output)
    {
        for (var i = 0; i < hits.Length; i++)
        {
            output[i] = values[i];
        }
    }
}
