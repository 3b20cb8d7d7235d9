using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// A declared feature as a <see cref="ModelReranker"/> presents it: same name, type, source fields and
/// values, but <see cref="Weight"/> 0, because a learned model has no per-feature weight. Explanations
/// (<c>_rerank.features.*</c>) therefore show the feature's <c>value</c> (the model's input) with
/// <c>weight: 0</c> and <c>contribution: 0</c>, and the admin configuration listing shows weight 0; the
/// YAML weight stays available as <see cref="Declared"/>.<see cref="IFeature.Weight"/>.
/// </summary>
public sealed class ModelInputFeature : IFeature
{
    public ModelInputFeature(IFeature declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        Declared = declared;
    }

    /// <summary>The feature as declared in YAML (its weight is what the weighted sum would use).</summary>
    public IFeature Declared { get; }

    public string Name => Declared.Name;

    public string Type => Declared.Type;

    /// <summary>Always 0: the model, not a weight, decides how much this feature counts.</summary>
    public double Weight => 0.0;

    public IReadOnlyList<string> SourceFields => Declared.SourceFields;

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values) =>
        Declared.Compute(context, hits, values);
}
