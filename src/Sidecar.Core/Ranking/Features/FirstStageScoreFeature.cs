using Sidecar.Configuration;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// The first-stage (BM25) <c>_score</c>, normalised within the window: <c>min_max</c> (default),
/// <c>z_score</c>, <c>reciprocal_rank</c> (1 / (rank + 1)) or <c>none</c>.
/// YAML: <c>{ name, type: first_stage_score, weight, normalize }</c>.
/// </summary>
public sealed class FirstStageScoreFeature : IFeature
{
    public const string TypeName = "first_stage_score";

    private readonly bool _reciprocalRank;
    private readonly Normalization _normalization;

    public FirstStageScoreFeature(string name, double weight, string normalize)
    {
        Name = name;
        Weight = weight;
        _reciprocalRank = normalize == "reciprocal_rank";
        _normalization = NormalizationExtensions.Parse(normalize);
    }

    public string Name { get; }

    public string Type => TypeName;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields => [];

    public static IFeature Create(FeatureDeclaration d, ConfigNode node)
    {
        var normalize = node.Enum("normalize", "min_max", [.. NormalizationExtensions.Names, "reciprocal_rank"]);
        return new FirstStageScoreFeature(d.Name, d.Weight, normalize);
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        for (var i = 0; i < hits.Length; i++)
        {
            values[i] = _reciprocalRank ? 1.0 / (hits[i].Rank + 1) : hits[i].Score ?? 0.0;
        }

        if (!_reciprocalRank)
        {
            _normalization.Apply(values);
        }
    }
}
