namespace Sidecar.Eval;

/// <summary>
/// Graded relevance metrics over one ranked list of product ids and the query's judgments.
/// NDCG@k: gain <c>2^grade - 1</c>, discount <c>log2(rank + 1)</c> (rank from 1); the ideal DCG is that of
/// ALL judged products of the query sorted by grade (not only those retrieved); unjudged hits gain 0.
/// Recall@k: share of the query's judged products with grade &gt;= a threshold that appear in the top k.
/// </summary>
public static class RelevanceMetrics
{
    public static double Gain(int grade) => grade <= 0 ? 0.0 : Math.Pow(2, grade) - 1;

    /// <summary>DCG of the first <paramref name="k"/> ids; each id counts once (a repeated id gains 0).</summary>
    public static double Dcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(grades);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (seen.Add(ranked[i]) && grades.TryGetValue(ranked[i], out var g))
            {
                dcg += Gain(g) / Math.Log2(i + 2);
            }
        }

        return dcg;
    }

    /// <summary>The best DCG@k any ranking could reach: all judged grades, highest first.</summary>
    public static double IdealDcg(IReadOnlyDictionary<string, int> grades, int k)
    {
        ArgumentNullException.ThrowIfNull(grades);
        var dcg = 0.0;
        var i = 0;
        foreach (var g in grades.Values.OrderDescending())
        {
            if (i == k || g <= 0)
            {
                break;
            }

            dcg += Gain(g) / Math.Log2(i + 2);
            i++;
        }

        return dcg;
    }

    /// <summary>NDCG@k in [0, 1]; null when the query has no judged product with a positive grade (undefined).</summary>
    public static double? Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        var ideal = IdealDcg(grades, k);
        return ideal > 0 ? Dcg(ranked, grades, k) / ideal : null;
    }

    /// <summary>Recall@k of the judged products with grade &gt;= <paramref name="minGrade"/>; null when the query has none.</summary>
    public static double? Recall(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k, int minGrade)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(grades);
        var relevant = grades.Count(p => p.Value >= minGrade);
        if (relevant == 0)
        {
            return null;
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (grades.TryGetValue(ranked[i], out var g) && g >= minGrade)
            {
                found.Add(ranked[i]);
            }
        }

        return (double)found.Count / relevant;
    }

    /// <summary>Mean of the defined values (nulls skipped); 0 when none is defined.</summary>
    public static double Mean(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                sum += x;
                n++;
            }
        }

        return n == 0 ? 0 : sum / n;
    }
}
