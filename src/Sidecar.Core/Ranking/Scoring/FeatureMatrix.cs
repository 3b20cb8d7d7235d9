using System.Buffers;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// The feature values of one window, computed column by column (each <see cref="IFeature"/> fills one
/// column for the whole window): value <c>[f * n + i]</c> of feature <c>f</c> for hit <c>i</c>, the layout
/// of <see cref="RerankResult.FeatureValues"/>. Shared by every scorer so that all of them see the same
/// values. The buffer is pooled, except when explanations are asked for: then it is an exact-size array
/// handed to the result (<see cref="ExplanationValues"/>). Dispose once scoring is done.
/// </summary>
public readonly struct FeatureMatrix : IDisposable
{
    private readonly double[]? _values;
    private readonly bool _pooled;

    private FeatureMatrix(double[] values, bool pooled, int featureCount, int hitCount)
    {
        _values = values;
        _pooled = pooled;
        FeatureCount = featureCount;
        HitCount = hitCount;
    }

    public int FeatureCount { get; }

    public int HitCount { get; }

    /// <summary>The matrix itself when <see cref="RerankContext.Explain"/> was set (give it to the result), otherwise null.</summary>
    public double[]? ExplanationValues => _pooled ? null : _values;

    /// <summary>
    /// Runs every feature over the window, in declaration order. With <paramref name="skipZeroWeights"/>
    /// (the weighted sum, when no explanation is asked for), a feature of weight 0 is not computed: it could not
    /// change any score.
    /// </summary>
    public static FeatureMatrix Compute(IReadOnlyList<IFeature> features, RerankContext context, ReadOnlySpan<SearchHit> hits,
        bool skipZeroWeights = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(context);
        var n = hits.Length;
        var length = features.Count * n;
        var pooled = !context.Explain;
        var values = pooled ? ArrayPool<double>.Shared.Rent(Math.Max(length, 1)) : new double[length];
        try
        {
            for (var f = 0; f < features.Count; f++)
            {
                context.Budget.ThrowIfCancellationRequested();
                if (skipZeroWeights && !context.Explain && features[f].Weight == 0)
                {
                    values.AsSpan(f * n, n).Clear();
                    continue;
                }

                features[f].Compute(context, hits, values.AsSpan(f * n, n));
            }
        }
        catch
        {
            if (pooled)
            {
                ArrayPool<double>.Shared.Return(values);
            }

            throw;
        }

        return new FeatureMatrix(values, pooled, features.Count, n);
    }

    /// <summary>Feature <paramref name="f"/>'s values as the feature wrote them (possibly non-finite).</summary>
    public ReadOnlySpan<double> Column(int f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(f);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(f, FeatureCount);
        return _values.AsSpan(f * HitCount, HitCount);
    }

    /// <summary>The value every scorer uses for feature <paramref name="f"/> of hit <paramref name="i"/>: non-finite counts as 0.</summary>
    public double Value(int f, int i) => ScoringValue(_values![(f * HitCount) + i]);

    /// <summary>
    /// Adds <c>w_f * value(f, i)</c> to <c>scores[i]</c> for every feature, feature by feature in
    /// declaration order (the exact arithmetic of <see cref="WeightedSumReranker"/>).
    /// </summary>
    public void AddWeightedSum(IReadOnlyList<IFeature> features, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNotEqual(features.Count, FeatureCount);
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Length, HitCount);
        for (var f = 0; f < FeatureCount; f++)
        {
            var column = _values.AsSpan(f * HitCount, HitCount);
            var w = features[f].Weight;
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] += w * ScoringValue(column[i]);
            }
        }
    }

    /// <summary>Writes the matrix row by row as float32, <c>rows[i * FeatureCount + f]</c> (a model's input tensor).</summary>
    public void CopyRowMajor(Span<float> rows)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(rows.Length, FeatureCount * HitCount);
        for (var f = 0; f < FeatureCount; f++)
        {
            var column = _values.AsSpan(f * HitCount, HitCount);
            for (var i = 0; i < column.Length; i++)
            {
                rows[(i * FeatureCount) + f] = (float)ScoringValue(column[i]);
            }
        }
    }

    public void Dispose()
    {
        if (_pooled && _values is not null)
        {
            ArrayPool<double>.Shared.Return(_values);
        }
    }

    private static double ScoringValue(double v) => double.IsFinite(v) ? v : 0.0;
}
