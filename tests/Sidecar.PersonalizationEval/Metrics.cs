namespace Sidecar.PersonalizationEval;

/// <summary>
/// NDCG@k with a per-product gain; discount <c>log2(rank + 1)</c> (rank from 1); the ideal DCG is that of ALL
/// judged products of the query under the same gain, best first; unjudged hits gain 0; a repeated id gains 0.
/// </summary>
public static class Metrics
{
    /// <summary>The plain ESCI gain <c>2^grade - 1</c> (0 for grade &lt;= 0).</summary>
    public static double EsciGain(int grade) => grade <= 0 ? 0.0 : Math.Pow(2, grade) - 1;

    /// <summary>
    /// The user's gain: <c>(2^grade - 1) * (1 + [product matches the user's preferences])</c> for grade &gt;= 1,
    /// 0 for grade 0 or unjudged.
    /// </summary>
    public static double PersonalGain(int grade, bool matches) => EsciGain(grade) * (matches ? 2.0 : 1.0);

    /// <summary>NDCG@k of <paramref name="ranked"/> under <paramref name="gain"/> (asin -&gt; gain of a judged product); null when the ideal is 0.</summary>
    public static double? Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, double> gain, int k)
    {
        var ideal = 0.0;
        var i = 0;
        foreach (var g in gain.Values.OrderDescending())
        {
            if (i == k || g <= 0)
            {
                break;
            }

            ideal += g / Math.Log2(i + 2);
            i++;
        }

        if (ideal <= 0)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dcg = 0.0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            if (seen.Add(ranked[r]) && gain.TryGetValue(ranked[r], out var g))
            {
                dcg += g / Math.Log2(r + 2);
            }
        }

        return dcg / ideal;
    }

    /// <summary>Mean of the defined values (nulls skipped); 0 when none is defined.</summary>
    public static double Mean(IEnumerable<double?> values)
    {
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
