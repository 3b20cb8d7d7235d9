namespace Sidecar.Eval;

/// <summary>
/// NDCG@k of the weighted sum <c>sum_f w_f * column_f</c> over precomputed feature columns, fast enough to
/// try thousands of weight vectors. Same arithmetic and tie rule as the sidecar's weighted sum (features
/// added in declaration order; equal scores keep first-stage order), so a weight vector scores here
/// exactly as the reranker would order the window.
/// </summary>
public sealed class LinearScorer
{
    private readonly double[][][] _columns;
    private readonly double[][] _gains;
    private readonly double[] _ideal;
    private readonly int _k;

    public LinearScorer(IReadOnlyList<QueryWindow> windows, int k)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _k = k;
        _columns = windows.Select(w => w.Columns).ToArray();
        _gains = windows.Select(w => w.Ids.Select(id => w.Query.Grades.TryGetValue(id, out var g) ? RelevanceMetrics.Gain(g) : 0.0).ToArray()).ToArray();
        _ideal = windows.Select(w => RelevanceMetrics.IdealDcg(w.Query.Grades, k)).ToArray();
        FeatureCount = windows.Count > 0 ? windows[0].Columns.Length : 0;
    }

    public int QueryCount => _columns.Length;

    public int FeatureCount { get; }

    /// <summary>Mean NDCG@k over the queries with a defined NDCG among <paramref name="queries"/>.</summary>
    public double Mean(IReadOnlyList<int> queries, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var scores = new double[256];
        var top = new int[_k];
        double sum = 0;
        var n = 0;
        foreach (var q in queries)
        {
            if (_ideal[q] <= 0)
            {
                continue;
            }

            sum += Ndcg(q, weights, ref scores, top);
            n++;
        }

        return n == 0 ? 0 : sum / n;
    }

    private double Ndcg(int q, ReadOnlySpan<double> weights, ref double[] scores, int[] top)
    {
        var columns = _columns[q];
        var gains = _gains[q];
        var hits = gains.Length;
        if (scores.Length < hits)
        {
            scores = new double[hits];
        }

        Array.Clear(scores, 0, hits);
        for (var f = 0; f < columns.Length; f++)
        {
            var w = weights[f];
            var column = columns[f];
            for (var i = 0; i < hits; i++)
            {
                scores[i] += w * column[i];
            }
        }

        var count = TopK(scores.AsSpan(0, hits), top);
        var dcg = 0.0;
        for (var r = 0; r < count; r++)
        {
            dcg += gains[top[r]] / Math.Log2(r + 2);
        }

        return dcg / _ideal[q];
    }

    /// <summary>
    /// Writes into <paramref name="top"/> the indices of the highest scores, best first, equal scores in
    /// index order (the first-stage order); returns how many were written.
    /// </summary>
    public static int TopK(ReadOnlySpan<double> scores, Span<int> top)
    {
        var k = top.Length;
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (count == k && !(s > scores[top[k - 1]]))
            {
                continue;
            }

            // Later indices lose ties: insert after every entry with a score >= s.
            var p = count < k ? count : k - 1;
            while (p > 0 && scores[top[p - 1]] < s)
            {
                top[p] = top[p - 1];
                p--;
            }

            top[p] = i;
            if (count < k)
            {
                count++;
            }
        }

        return count;
    }
}
