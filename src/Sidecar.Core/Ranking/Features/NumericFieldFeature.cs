using Sidecar.Configuration;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// A numeric <c>_source</c> field (popularity, rating, rating_count, price...), optionally clamped to
/// [<c>min</c>, <c>max</c>], transformed (<c>log1p</c>, <c>inverse</c>) and normalised within the window.
/// A hit without the field gets <c>missing</c> (applied after normalisation, default 0).
/// YAML: <c>{ name, type: numeric_field, field, transform, min, max, normalize, missing, weight }</c>.
/// </summary>
public sealed class NumericFieldFeature : IFeature
{
    public const string TypeName = "numeric_field";

    private readonly string _field;
    private readonly NumericTransform _transform;
    private readonly Normalization _normalization;
    private readonly double? _min;
    private readonly double? _max;
    private readonly double _missing;

    public NumericFieldFeature(string name, double weight, string field, NumericTransform transform,
        Normalization normalization, double? min, double? max, double missing)
    {
        Name = name;
        Weight = weight;
        _field = field;
        _transform = transform;
        _normalization = normalization;
        _min = min;
        _max = max;
        _missing = missing;
        SourceFields = [field];
    }

    public string Name { get; }

    public string Type => TypeName;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields { get; }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node)
    {
        var field = node.String("field", required: true) ?? "?";
        var transform = NumericTransformExtensions.Parse(node.Enum("transform", "none", NumericTransformExtensions.Names));
        var normalize = NormalizationExtensions.Parse(node.Enum("normalize", "min_max", NormalizationExtensions.Names));
        var min = node.OptionalDouble("min");
        var max = node.OptionalDouble("max");
        if (min is { } lo && max is { } hi && lo > hi)
        {
            node.Errors.Add(node, $"min ({lo}) is greater than max ({hi})");
        }

        return new NumericFieldFeature(d.Name, d.Weight, field, transform, normalize, min, max, d.Missing);
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        // Present values are normalised among themselves; missing ones get the declared default afterwards.
        Span<bool> present = hits.Length <= 1024 ? stackalloc bool[hits.Length] : new bool[hits.Length];
        var count = 0;
        for (var i = 0; i < hits.Length; i++)
        {
            if (hits[i].TryGetNumber(_field, out var x))
            {
                if (_min is { } lo)
                {
                    x = Math.Max(x, lo);
                }

                if (_max is { } hi)
                {
                    x = Math.Min(x, hi);
                }

                values[count++] = _transform.Apply(x);
                present[i] = true;
            }
        }

        _normalization.Apply(values[..count]);

        // Spread the compacted values back to their hits, from the end so nothing is overwritten early.
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            values[i] = present[i] ? values[--count] : _missing;
        }
    }
}
