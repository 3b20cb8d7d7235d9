namespace Sidecar.Eval;

/// <summary>
/// Runs the <see cref="WeightSearch"/> path on all queries and in a <see cref="Folds"/>-fold cross-validation
/// (query i is held out in fold i mod <see cref="Folds"/>, in the order of the queries file).
/// </summary>
public sealed class GridReport
{
    public const int Folds = 4;

    private readonly LinearScorer _scorer;
    private readonly IReadOnlyList<string> _features;
    private readonly double[] _declared;

    public GridReport(LinearScorer scorer, IReadOnlyList<string> features, double[] declared)
    {
        _scorer = scorer;
        _features = features;
        _declared = declared;
    }

    public GridOutcome Run()
    {
        var search = new WeightSearch(_scorer);
        var all = Enumerable.Range(0, _scorer.QueryCount).ToArray();
        var path = search.Path(all);

        var heldOut = new double[path.Count];
        double heldOutDeclared = 0;
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = all.Where(i => i % Folds != fold).ToArray();
            var test = all.Where(i => i % Folds == fold).ToArray();
            if (test.Length == 0 || train.Length == 0)
            {
                continue;
            }

            var share = (double)test.Length / all.Length;
            var foldPath = search.Path(train);
            for (var k = 0; k < heldOut.Length; k++)
            {
                heldOut[k] += share * _scorer.Mean(test, foldPath[Math.Min(k, foldPath.Count - 1)].Weights);
            }

            heldOutDeclared += share * _scorer.Mean(test, _declared);
        }

        var recommended = 0;
        for (var k = 1; k < heldOut.Length; k++)
        {
            if (heldOut[k] > heldOut[recommended] + WeightSearch.Epsilon)
            {
                recommended = k;
            }
        }

        return new GridOutcome(_features, search.Evaluate(all, _declared), heldOutDeclared, path, heldOut, Folds, recommended);
    }
}
