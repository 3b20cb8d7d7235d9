using Sidecar.Ranking;

namespace Sidecar.Eval;

/// <summary>Writes the report to standard output. The last line is the contract: <c>ndcg@10 baseline=x reranked=y</c>.</summary>
public sealed class EvalReport
{
    /// <summary>Reference figures of Lucene BM25 (k1 1.2, b 0.75, English analyzer, same fields) on the ESCI dev split.</summary>
    public const double ReferenceNdcg = 0.632;

    public const double ReferenceRecall = 0.855;

    private readonly TextWriter _out;
    private readonly bool _verbose;

    public EvalReport(TextWriter output, bool verbose)
    {
        _out = output;
        _verbose = verbose;
    }

    public void Header(EvalSet set, EvalOptions o, RerankProfile profile, bool viaSidecar)
    {
        _out.WriteLine($"relevance evaluation: {set.Queries.Count} queries, {set.Judgments} judgments ({o.Queries}, {o.Judgments})" +
            (set.DroppedQueries > 0 ? $"; {set.DroppedQueries} queries without judgments skipped" : string.Empty));
        _out.WriteLine($"  baseline: the first stage on {o.Upstream}{o.Index} (BM25 multi_match{(o.MatchType is null ? string.Empty : $" type {o.MatchType}")} over {string.Join(", ", FirstStageQuery.Fields)}, top {FirstStageQuery.Size})");
        _out.WriteLine(viaSidecar
            ? $"  reranked: the same search through the sidecar {o.Sidecar}{o.Index}"
            : $"  reranked: in-process with {o.Config} (--config: not through the sidecar)");
        var features = string.Join(", ", profile.Reranker.Features.Select(f => $"{f.Name} ({f.Type}) w={W(f.Weight)}"));
        _out.WriteLine($"  profile '{profile.Name}' of {o.Config} (window {profile.Window}): {features}");
        if (profile.Reranker is not Ranking.Scoring.WeightedSumReranker)
        {
            _out.WriteLine("  note: the profile scores with a ranking model; ablations and the weight search use the weighted sum of its features");
        }
    }

    public void Note(string text) => _out.WriteLine($"  note: {text}");

    public void Queries(IReadOnlyList<QueryResult> results)
    {
        if (!_verbose)
        {
            return;
        }

        _out.WriteLine();
        _out.WriteLine($"  {"query",-6} {"ndcg@10",8} {"reranked",8} {"change",8} {"recall",7}  {"x-rerank",-9} text");
        foreach (var r in results)
        {
            var change = r.BaselineNdcg is { } b && r.RerankedNdcg is { } x ? (x - b).ToString("+0.0000;-0.0000;0.0000") : "";
            _out.WriteLine($"  {r.Query.Id,-6} {N(r.BaselineNdcg),8} {N(r.RerankedNdcg),8} {change,8} {N(r.BaselineRecall),7}  {Outcome(r.Outcome),-9} {r.Query.Text}");
        }

        _out.WriteLine();
    }

    public void Recall(IReadOnlyList<QueryResult> results, bool viaSidecar)
    {
        _out.WriteLine($"recall@{EvalRun.RecallK} (grade>={EvalRun.RecallMinGrade}, mean over queries) baseline={F(Mean(results, r => r.BaselineRecall))} reranked={F(Mean(results, r => r.RerankedRecall))}");
        if (viaSidecar)
        {
            var outcomes = results.GroupBy(r => r.Outcome ?? "(no X-Rerank header)").OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} {g.Count()}/{results.Count}");
            _out.WriteLine($"  sidecar X-Rerank: {string.Join("; ", outcomes)}");
            var notApplied = results.Count(r => r.Outcome != "applied");
            if (notApplied > 0)
            {
                Note($"{notApplied} searches were not reranked by the sidecar and count in first-stage order (budget: the machine was busy, or budget_ms is too tight)");
            }
        }
    }

    /// <summary>Compares the baseline with the reference figures; only for the ESCI dev split (76 queries, 3,286 judgments), which they are for.</summary>
    public void Reference(EvalSet set, IReadOnlyList<QueryResult> results)
    {
        if (set.Queries.Count != 76 || set.Judgments != 3286)
        {
            return;
        }

        var ndcg = Mean(results, r => r.BaselineNdcg);
        var recall = Mean(results, r => r.BaselineRecall);
        _out.WriteLine($"stand-in BM25 vs the reference Lucene BM25 on this set: ndcg@10 {F(ndcg)} vs {F(ReferenceNdcg)} ({D(ndcg - ReferenceNdcg)}), " +
            $"recall@100 {F(recall)} vs {F(ReferenceRecall)} ({D(recall - ReferenceRecall)})");
    }

    public void Ablation(IReadOnlyList<AblationRow> rows, double baseline, double inProcess, double? viaSidecar)
    {
        _out.WriteLine($"ablation (ndcg@10, in-process over the same windows): baseline {F(baseline)}, profile as declared {F(inProcess)}" +
            (viaSidecar is { } s ? $", through the sidecar {F(s)}" + (Math.Abs(s - inProcess) > 5e-5 ? " (differs)" : " (same)") : string.Empty));
        if (viaSidecar is { } v && Math.Abs(v - inProcess) > 5e-5)
        {
            Note("the sidecar and the in-process profile disagree: budget skips, a sidecar running another configuration, " +
                "or inputs only the in-process run has (--embed-missing)");
        }

        var width = Math.Max(8, rows.Count == 0 ? 0 : rows.Max(r => r.Feature.Length));
        _out.WriteLine($"  {"feature".PadRight(width)}  {"type",-20} {"weight",7}  {"without",7} {"change",8}   {"alone",7} {"vs base",8}");
        foreach (var r in rows)
        {
            _out.WriteLine($"  {r.Feature.PadRight(width)}  {r.Type,-20} {W(r.Weight),7}  {F(r.Without),7} {D(r.Without - inProcess),8}   {F(r.Alone),7} {D(r.Alone - baseline),8}");
        }
    }

    /// <summary>
    /// Names the features that carry no information on this set: constant within every window (e.g. a
    /// semantic feature when the index has no item embeddings, or a field no hit has).
    /// </summary>
    public void FlatFeatures(IReadOnlyList<Sidecar.Ranking.Features.IFeature> features, IReadOnlyList<QueryWindow> windows)
    {
        for (var f = 0; f < features.Count; f++)
        {
            var flat = windows.Count(w => w.Columns[f].Length == 0 || w.Columns[f].All(v => v == w.Columns[f][0]));
            if (flat == windows.Count && windows.Count > 0)
            {
                var hint = features[f].Type == "semantic_similarity"
                    ? ": no item embeddings in the index (up.sh with NO_EMBEDDINGS?) nor the cache; --embed-missing computes them in-process"
                    : ": its input is missing or the same for every hit";
                Note($"'{features[f].Name}' is constant within every window, so it cannot change any order{hint}");
            }
            else if (flat > windows.Count / 2)
            {
                Note($"'{features[f].Name}' is constant within {flat}/{windows.Count} windows");
            }
        }
    }

    public void Grid(GridOutcome g)
    {
        string Weights(double[] w)
        {
            var max = w.Max(Math.Abs);
            var parts = g.Features.Select((f, i) => (f, v: max > 0 ? w[i] / max : 0)).Where(p => p.v != 0).Select(p => $"{p.f}={W(Math.Round(p.v, 3))}");
            return max > 0 ? string.Join(" ", parts) : "(first-stage order)";
        }

        _out.WriteLine($"weight search (forward selection + coordinate ascent; ndcg@10 on all queries and held out in {g.Folds}-fold cross-validation):");
        _out.WriteLine($"  {"step",-9} {"all",7} {"held-out",8}  weights (largest = 1; others 0)");
        for (var k = 0; k < g.Path.Count; k++)
        {
            var mark = k == g.Recommended ? "  <- best held-out" : string.Empty;
            _out.WriteLine($"  {k + " feat.",-9} {F(g.Path[k].Ndcg),7} {F(g.HeldOut[k]),8}  {Weights(g.Path[k].Weights)}{mark}");
        }

        _out.WriteLine($"  {"declared",-9} {F(g.Declared.Ndcg),7} {F(g.HeldOutDeclared),8}  {Weights(g.Declared.Weights)}");
        _out.WriteLine($"  best weights found (all queries): {Weights(g.Path[^1].Weights)}  ndcg@10 {F(g.Path[^1].Ndcg)}");
        _out.WriteLine($"  best held-out: {Weights(g.Path[g.Recommended].Weights)}  ndcg@10 {F(g.Path[g.Recommended].Ndcg)} (held-out {F(g.HeldOut[g.Recommended])})");
    }

    public void FinalLine(IReadOnlyList<QueryResult> results) =>
        _out.WriteLine($"ndcg@10 baseline={F(Mean(results, r => r.BaselineNdcg))} reranked={F(Mean(results, r => r.RerankedNdcg))}");

    private static double Mean(IReadOnlyList<QueryResult> results, Func<QueryResult, double?> value) => RelevanceMetrics.Mean(results.Select(value));

    private static string F(double x) => x.ToString("0.0000");

    private static string D(double x) => x.ToString("+0.0000;-0.0000;0.0000");

    private static string N(double? x) => x is { } v ? F(v) : "-";

    private static string W(double w) => w.ToString("0.####");

    private static string Outcome(string? o) => o is null ? "-" : o.StartsWith("skipped", StringComparison.Ordinal) ? o.Replace("skipped; reason=", "skip:", StringComparison.Ordinal) : o;
}
