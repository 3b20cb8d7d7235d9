using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// One term <c>f_i</c> of the score <c>f(x) = sum_i w_i * f_i(x)</c>. A feature computes its value for
/// every hit of the window at once (a column), so that it can normalise within the result set.
/// Implementations are immutable, thread-safe and allocation-free per hit.
/// </summary>
public interface IFeature
{
    /// <summary>Name declared in YAML; unique within a profile.</summary>
    string Name { get; }

    /// <summary>The feature type as written in YAML (<c>first_stage_score</c>, <c>numeric_field</c>, ...).</summary>
    string Type { get; }

    /// <summary>Weight <c>w_i</c>.</summary>
    double Weight { get; }

    /// <summary>The <c>_source</c> fields this feature reads (the sidecar widens the upstream request to them).</summary>
    IReadOnlyList<string> SourceFields { get; }

    /// <summary>Writes the value for each hit into <paramref name="values"/> (same length and order as <paramref name="hits"/>).</summary>
    void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values);
}
