using System.Buffers;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// Scores each hit as <c>sum_i w_i * f_i(x)</c> and orders by score, ties kept in first-stage order.
/// Feature values are computed column by column into one pooled buffer.
/// </summary>
public sealed class WeightedSumReranker : IReranker
{
    private readonly IFeature[] _features;

    public WeightedSumReranker(IReadOnlyList<IFeature> features)
    {
        _features = [.. features];
    }

    public IReadOnlyList<IFeature> Features => _features;

    public RerankResult Rerank(RerankContext context, ReadOnlySpan<SearchHit> hits)
    {
        var n = hits.Length;
        var matrixLength = _features.Length * n;
        var matrix = context.Explain ? new double[matrixLength] : ArrayPool<double>.Shared.Rent(Math.Max(matrixLength, 1));
        try
        {
            var scores = new double[n];
            for (var f = 0; f < _features.Length; f++)
            {
                var column = matrix.AsSpan(f * n, n);
                _features[f].Compute(context, hits, column);
                var w = _features[f].Weight;
                for (var i = 0; i < n; i++)
                {
                    var v = column[i];
                    scores[i] += w * (double.IsFinite(v) ? v : 0.0);
                }
            }

            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            order.AsSpan().Sort(new ScoreDescendingThenRank(scores));
            return new RerankResult(order, scores, context.Explain ? matrix : null);
        }
        finally
        {
            if (!context.Explain)
            {
                ArrayPool<double>.Shared.Return(matrix);
            }
        }
    }

    /// <summary>Higher score first; equal scores keep upstream order (hit index), so the sort is stable.</summary>
    private readonly struct ScoreDescendingThenRank(double[] scores) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var c = scores[y].CompareTo(scores[x]);
            return c != 0 ? c : x.CompareTo(y);
        }
    }
}
