namespace Sidecar.Eval;

/// <summary>
/// Deterministic weight search over a profile's declared features, by forward selection: start from the
/// first-stage order (all weights 0), take the single feature that ranks best alone (weight +1 or -1, which
/// fixes the scale: the score is invariant to scaling all weights), then repeatedly add the feature and
/// relative weight from <see cref="Coarse"/> that gains the most, re-tuning the chosen weights by coordinate
/// ascent after each addition. Stops when no addition gains more than <see cref="Epsilon"/>. Each step of the
/// path is a candidate default with one more feature, so the path shows what every feature adds.
/// </summary>
public sealed class WeightSearch
{
    /// <summary>Weights tried for a feature, relative to the first chosen one (negative: "lower is better").</summary>
    public static readonly double[] Coarse = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, -0.02, -0.05, -0.1, -0.2, -0.5];

    /// <summary>A step must gain more than this much mean NDCG@10 to be taken.</summary>
    public const double Epsilon = 1e-4;

    private readonly LinearScorer _scorer;

    public WeightSearch(LinearScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        _scorer = scorer;
    }

    public WeightCandidate Evaluate(IReadOnlyList<int> queries, double[] weights) => new(weights, _scorer.Mean(queries, weights));

    /// <summary>The forward-selection path on <paramref name="queries"/>: step 0 is the first-stage order, step k uses k features.</summary>
    public IReadOnlyList<WeightCandidate> Path(IReadOnlyList<int> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var n = _scorer.FeatureCount;
        var current = Evaluate(queries, new double[n]);
        var path = new List<WeightCandidate> { current };
        var active = new List<int>();
        while (active.Count < n)
        {
            WeightCandidate? best = null;
            var chosen = -1;
            for (var f = 0; f < n; f++)
            {
                if (active.Contains(f))
                {
                    continue;
                }

                foreach (var v in active.Count == 0 ? [1.0, -1.0] : Coarse)
                {
                    var w = (double[])current.Weights.Clone();
                    w[f] = v;
                    var c = Evaluate(queries, w);
                    if (best is null || c.Ndcg > best.Ndcg + 1e-12)
                    {
                        best = c;
                        chosen = f;
                    }
                }
            }

            if (best is null || best.Ndcg <= current.Ndcg + Epsilon)
            {
                break;
            }

            active.Add(chosen);
            current = Ascend(queries, best, active.Skip(1).ToArray());
            path.Add(current);
        }

        return path;
    }

    /// <summary>Coordinate ascent over the weights of <paramref name="free"/> (the first chosen feature stays at +-1).</summary>
    private WeightCandidate Ascend(IReadOnlyList<int> queries, WeightCandidate start, int[] free)
    {
        var best = start;
        for (var pass = 0; pass < 20; pass++)
        {
            var changed = false;
            foreach (var f in free)
            {
                foreach (var v in Coarse.Concat(Around(best.Weights[f])).Append(0))
                {
                    if (v == best.Weights[f])
                    {
                        continue;
                    }

                    var w = (double[])best.Weights.Clone();
                    w[f] = v;
                    var c = Evaluate(queries, w);
                    // A real gain, or an equal score with simpler weights (never a small loss).
                    if (c.Ndcg > best.Ndcg + Epsilon || (c.Ndcg >= best.Ndcg - 1e-12 && c.IsBetterThan(best, 1e-12)))
                    {
                        best = c;
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>Finer multiplicative steps around a non-zero weight.</summary>
    private static IEnumerable<double> Around(double w) =>
        w == 0 ? [] : new[] { 0.6, 0.8, 0.9, 1.1, 1.25, 1.5 }.Select(m => Math.Round(w * m, 4));
}
