using System.Globalization;

namespace Sidecar.PersonalizationEval;

/// <summary>The evaluation's printed report; its last line is <c>ndcg@10 anonymous=x personalized=y</c>.</summary>
public sealed class Report
{
    private readonly TextWriter _out;
    private readonly EvalOptions _o;

    public Report(TextWriter output, EvalOptions options)
    {
        _out = output;
        _o = options;
    }

    /// <summary><c>name=weight</c> pairs of the personal features (user_*, already_seen) first, then the others.</summary>
    public static string Describe(IEnumerable<KeyValuePair<string, double>> weights) =>
        string.Join(" ", weights.OrderBy(w => IsPersonal(w.Key) ? 0 : 1).Select(w => w.Key + "=" + w.Value.ToString("0.###", CultureInfo.InvariantCulture)));

    public void Header(Catalogue catalogue, Simulation sim, IReadOnlyDictionary<string, double> weights)
    {
        Line($"Personalization evaluation: sidecar {_o.Sidecar}, profile '{_o.Profile}', seed {_o.Seed}, run tag {_o.RunTag}");
        Line($"  catalogue: {catalogue.Products.Count} products, {catalogue.Queries.Count} judged queries ({_o.Esci})");
        Line($"  users: {_o.Users} with history ({_o.TrainQueries} training queries, {_o.HeldOut} held-out + {_o.OffPreference} off-preference each), " +
             $"{_o.FreshUsers} without history (fresh ids, same held-out draw); {sim.RejectedAnchors} anchors redrawn");
        Line($"  weights (running): {Describe(weights)}");
        if (_o.Weights.Any(w => w.Key.Contains('.', StringComparison.Ordinal)))
        {
            Line($"  feature settings (--weights): {Describe(_o.Weights.Where(w => w.Key.Contains('.', StringComparison.Ordinal)))}");
        }
        if (_o.ConfigFile is not null && File.Exists(_o.ConfigFile))
        {
            var lines = File.ReadAllLines(_o.ConfigFile);
            var settings = YamlLines.Walk(lines)
                .Where(k => k.Plain is "personalization.lookup.timeout_ms" or "profiles.budget_ms")
                .Select(k => $"{k.Plain}={k.Value.Split('#')[0].Trim()}");
            Line($"  config: {_o.ConfigFile} ({string.Join(", ", settings)})");
        }

        Line("  simulation model:");
        foreach (var l in sim.Model.Split('\n'))
        {
            Line("    " + l);
        }
    }

    public void Events(List<SimulatedUser> users, EventTotals t, int candidatesNotApplied)
    {
        var byType = users.SelectMany(u => u.Events).GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count());
        Line($"  history: {t.Sent} events for {users.Count} users (click {byType.GetValueOrDefault("click")}, " +
             $"add_to_cart {byType.GetValueOrDefault("add_to_cart")}, purchase {byType.GetValueOrDefault("purchase")}; " +
             $"{users.Min(u => u.Events.Count)}-{users.Max(u => u.Events.Count)} per user)");
        Line($"  events API: accepted {t.Accepted}, duplicates {t.Duplicates}, rejected {t.Rejected}, failed {t.Failed}, " +
             $"profiles_pending {t.ProfilesPending}, 429/503 waits {t.Backoffs}");
        foreach (var p in t.Problems)
        {
            Line("    " + p);
        }

        if (candidatesNotApplied > 0)
        {
            Line($"  note: {candidatesNotApplied} training queries' candidates were not `applied` after retries (their upstream order was shown)");
        }
    }

    public void Searches(List<PairResult> pairs)
    {
        Line("");
        Line("X-Rerank of the held-out searches (first attempt -> after up to " + _o.Retries + " retries of answers other than exactly `applied`):");
        foreach (var (label, group, personal) in new[]
                 {
                     ("anonymous", (string?)null, false),
                     ("as users with history", "history|offpref", true),
                     ("as users without history", "fresh", true),
                 })
        {
            var selected = pairs.Where(p => group is null || group.Split('|').Contains(p.Group)).Select(p => personal ? p.Personal! : p.Anonymous!).ToList();
            Line($"  {label,-26} {Outcomes(selected.Select(a => a.FirstRerank))} -> {Outcomes(selected.Select(a => a.Reply.Rerank))}");
        }

        var counted = pairs.Count(p => p.Counted);
        Line($"  pairs counted (both answers exactly `applied`): {counted}/{pairs.Count}");
    }

    public void Results(List<PairResult> pairs)
    {
        Line("");
        Line($"NDCG@{EvalOptions.K} (user gain: (2^grade - 1) * (1 + [matches preferences]); ESCI gain: 2^grade - 1), pairs with both answers `applied`:");
        Line($"  {"group",-48} {"pairs",5} {"anonymous",10} {"personalized",13} {"change",8}   {"ESCI anon",9} {"ESCI pers",9}  identical");
        Row("users with history, held-out (preferences met)", pairs.Where(p => p.Group == "history"));
        Row("  of which users with a preferred price band", pairs.Where(p => p.Group == "history" && p.User.Preferences.PriceBand is not null));
        Row("  of which users without one", pairs.Where(p => p.Group == "history" && p.User.Preferences.PriceBand is null));
        Row("users with history, off-preference held-out", pairs.Where(p => p.Group == "offpref"));
        Row("users without history (fresh ids)", pairs.Where(p => p.Group == "fresh"));
        var fresh = pairs.Where(p => p.Group == "fresh" && p.Counted).ToList();
        var same = fresh.Count(p => p.Identical);
        Line(same == fresh.Count
            ? $"  users without history: {same}/{fresh.Count} personalized orders identical to anonymous (no change)"
            : $"  users without history: ONLY {same}/{fresh.Count} personalized orders identical to anonymous");
    }

    public void Ceiling((List<(double W, double Ndcg)> Values, int Pairs, int Skipped) ceiling)
    {
        var (values, pairs, skipped) = ceiling;
        var anonymous = values[0].Ndcg;
        var best = values.MaxBy(c => c.Ndcg);
        Line(string.Create(CultureInfo.InvariantCulture,
            $"  ceiling ({pairs} pairs of users with history{(skipped > 0 ? $"; {skipped} left out: window not `applied`" : "")}): the anonymous window reordered by " +
            $"score + w * [matches preferences] (perfect knowledge of the preferences): best w={best.W:0.##} {best.Ndcg:0.0000} " +
            $"({Change(anonymous, best.Ndcg)} over w=0: {anonymous:0.0000})"));
        Line("    " + string.Join("  ", values.Skip(1).Select(c => string.Create(CultureInfo.InvariantCulture, $"w={c.W:0.##}: {Change(anonymous, c.Ndcg)}"))));
    }

    public void PerUser(List<PairResult> pairs)
    {
        Line("");
        Line("Per user (held-out queries with preferences met; counted pairs):");
        foreach (var g in pairs.Where(p => p.Group == "history").GroupBy(p => p.User))
        {
            var c = g.Where(p => p.Counted).ToList();
            Line(string.Create(CultureInfo.InvariantCulture,
                $"  {g.Key.Id,-28} events {g.Key.Events.Count,3} affine {g.Key.AffineQueries,2}  anon {Metrics.Mean(c.Select(p => p.AnonymousNdcg)):0.000} pers {Metrics.Mean(c.Select(p => p.PersonalNdcg)):0.000}  {g.Key.Preferences}"));
        }
    }

    public void Sweep(List<(string Weights, List<PairResult> Pairs)> rows)
    {
        Line("");
        Line("Weight sweep (same histories; anonymous answers reused: they do not depend on user weights; other weights as above):");
        Line($"  {"pairs",5} {"anonymous",10} {"personalized",13} {"change",8}  {"ESCI pers",9}  {"off-pref change",15}  weights");
        foreach (var (weights, pairs) in rows)
        {
            var h = pairs.Where(p => p.Group == "history" && p.Counted).ToList();
            var off = pairs.Where(p => p.Group == "offpref" && p.Counted).ToList();
            var (a, b) = (Metrics.Mean(h.Select(p => p.AnonymousNdcg)), Metrics.Mean(h.Select(p => p.PersonalNdcg)));
            var (oa, ob) = (Metrics.Mean(off.Select(p => p.AnonymousNdcg)), Metrics.Mean(off.Select(p => p.PersonalNdcg)));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"  {h.Count,5} {a,10:0.0000} {b,13:0.0000} {Change(a, b),8}  {Metrics.Mean(h.Select(p => p.PersonalEsci)),9:0.0000}  {Change(oa, ob),15}  {weights}"));
        }
    }

    public void Footer(List<PairResult> pairs, TimeSpan elapsed)
    {
        var h = pairs.Where(p => p.Group == "history" && p.Counted).ToList();
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"done in {elapsed.TotalSeconds:0} s"));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"ndcg@{EvalOptions.K} anonymous={Metrics.Mean(h.Select(p => p.AnonymousNdcg)):0.0000} personalized={Metrics.Mean(h.Select(p => p.PersonalNdcg)):0.0000}"));
    }

    private void Row(string label, IEnumerable<PairResult> group)
    {
        var all = group.ToList();
        var c = all.Where(p => p.Counted).ToList();
        var (a, b) = (Metrics.Mean(c.Select(p => p.AnonymousNdcg)), Metrics.Mean(c.Select(p => p.PersonalNdcg)));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-48} {c.Count,5} {a,10:0.0000} {b,13:0.0000} {Change(a, b),8}   {Metrics.Mean(c.Select(p => p.AnonymousEsci)),9:0.0000} {Metrics.Mean(c.Select(p => p.PersonalEsci)),9:0.0000}  {c.Count(p => p.Identical)}/{c.Count}"));
    }

    private static string Change(double a, double b) =>
        a > 0 ? ((b - a) / a).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "n/a";

    private static string Outcomes(IEnumerable<string?> headers) =>
        string.Join(", ", headers.GroupBy(h => h switch
        {
            "applied" => "applied",
            null => "no X-Rerank",
            _ when h.Contains("personalization=unavailable", StringComparison.Ordinal) => "personalization=unavailable",
            _ => h,
        }).OrderByDescending(g => g.Key == "applied").ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    private static bool IsPersonal(string feature) => feature.StartsWith("user_", StringComparison.Ordinal) || feature == "already_seen";

    private void Line(string text) => _out.WriteLine(text);
}
