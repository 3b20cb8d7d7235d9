using System.Diagnostics;
using System.Globalization;

namespace Sidecar.PersonalizationEval;

/// <summary>A search made with retries: the answer kept, and the <c>X-Rerank</c> of the first attempt.</summary>
public sealed record Attempted(SearchReply Reply, string? FirstRerank, int Attempts);

/// <summary>One held-out search of one user: the anonymous and the personalized answer, scored with that user's gain.</summary>
public sealed class PairResult
{
    public PairResult(SimulatedUser user, JudgedQuery query, string group, IReadOnlyDictionary<string, double> gain,
        IReadOnlyDictionary<string, double> esciGain)
    {
        User = user;
        Query = query;
        Group = group;
        Gain = gain;
        EsciGain = esciGain;
    }

    public SimulatedUser User { get; }

    public JudgedQuery Query { get; }

    /// <summary><c>history</c> (preference-affine held-out), <c>offpref</c> (held-out the preferences do not meet), <c>fresh</c> (no history).</summary>
    public string Group { get; }

    public IReadOnlyDictionary<string, double> Gain { get; }

    public IReadOnlyDictionary<string, double> EsciGain { get; }

    public Attempted? Anonymous { get; set; }

    public Attempted? Personal { get; set; }

    /// <summary>Both answers were exactly <c>X-Rerank: applied</c>.</summary>
    public bool Counted => Anonymous?.Reply.Applied == true && Personal?.Reply.Applied == true;

    public bool Identical => Anonymous is not null && Personal is not null && Anonymous.Reply.Ids.SequenceEqual(Personal.Reply.Ids);

    public double? AnonymousNdcg => Anonymous is null ? null : Metrics.Ndcg(Anonymous.Reply.Ids, Gain, EvalOptions.K);

    public double? PersonalNdcg => Personal is null ? null : Metrics.Ndcg(Personal.Reply.Ids, Gain, EvalOptions.K);

    public double? AnonymousEsci => Anonymous is null ? null : Metrics.Ndcg(Anonymous.Reply.Ids, EsciGain, EvalOptions.K);

    public double? PersonalEsci => Personal is null ? null : Metrics.Ndcg(Personal.Reply.Ids, EsciGain, EvalOptions.K);
}

/// <summary>
/// The evaluation, stage by stage (<see cref="RunAsync"/>): simulate users, fetch the anonymous candidates of
/// their training queries, send their histories through the events API, run every held-out search anonymously
/// and as the user, score, optionally sweep the user features' weights, report. The last line is
/// <c>ndcg@10 anonymous=x personalized=y</c> (users with history, preference-affine held-out queries).
/// </summary>
public sealed class EvalRun
{
    private const int EventsPerPost = 500;
    private readonly EvalOptions _o;
    private readonly TextWriter _out;
    private readonly TextWriter _log;

    public EvalRun(EvalOptions options, TextWriter output, TextWriter log)
    {
        _o = options;
        _out = output;
        _log = log;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var catalogue = Catalogue.Load(_o.Esci);
        using var client = new SidecarClient(_o.Sidecar, _o.Index, _o.ApiKey!);
        var report = new Report(_out, _o);
        string[]? original = _o.ConfigFile is null ? null : await File.ReadAllLinesAsync(_o.ConfigFile, ct);
        try
        {
            // 1. The weights the main run uses (the running config, or --weights written to the config file).
            var weights = await client.WeightsAsync(_o.Profile, ct);
            if (weights.Count == 0)
            {
                await _log.WriteLineAsync($"error: the sidecar at {_o.Sidecar} runs no profile named '{_o.Profile}' (--profile)");
                return 2;
            }

            if (_o.Weights.Count > 0)
            {
                weights = await ApplySettingsAsync(client, original!, _o.Weights, ct);
            }

            // 2. Users: preferences and queries (deterministic from the seed).
            var sim = new Simulation(catalogue, _o);
            var users = Enumerable.Range(0, _o.Users).Select(i => sim.CreateUser(true, i)).ToList();
            var fresh = Enumerable.Range(0, _o.FreshUsers).Select(i => sim.CreateUser(false, i)).ToList();
            report.Header(catalogue, sim, weights);

            // 3. What each training query shows: the sidecar's anonymous top candidates (loads the model first).
            await client.SearchAsync("warm up", 1, null, ct);
            var trainingQueries = users.SelectMany(u => u.Training).DistinctBy(q => q.Id).OrderBy(q => q.Id, StringComparer.Ordinal).ToList();
            var candidates = new Dictionary<string, Attempted>(StringComparer.Ordinal);
            var fetched = await ForEachAsync(trainingQueries, q => SearchAsync(client, q.Text, _o.Candidates, null, ct), "candidates", ct);
            for (var i = 0; i < trainingQueries.Count; i++)
            {
                candidates[trainingQueries[i].Id] = fetched[i];
            }

            // 4. Histories through the events API (the clock of the run: events are in the past 30 days of now).
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var i = 0; i < users.Count; i++)
            {
                sim.GenerateHistory(users[i], q => candidates[q.Id].Reply.Ids, now, i);
            }

            var totals = await SendEventsAsync(client, users, ct);
            report.Events(users, totals, candidates.Values.Count(a => !a.Reply.Applied));
            if (totals.Accepted + totals.Duplicates < totals.Sent)
            {
                await _log.WriteLineAsync("warning: some events were not stored; the profiles miss them");
            }

            // 5. Held-out searches, anonymous and as the user.
            var pairs = Pairs(sim, users, "history", u => u.HeldOut)
                .Concat(Pairs(sim, users, "offpref", u => u.OffPreference))
                .Concat(Pairs(sim, fresh, "fresh", u => u.HeldOut.Concat(u.OffPreference))).ToList();
            await ForEachAsync(pairs, async p =>
            {
                p.Anonymous = await SearchAsync(client, p.Query.Text, EvalOptions.K, null, ct);
                p.Personal = await SearchAsync(client, p.Query.Text, EvalOptions.K, p.User.Id, ct);
                return p;
            }, "held-out searches", ct);
            report.Searches(pairs);
            report.Results(pairs);
            report.Ceiling(await CeilingAsync(client, sim, pairs.Where(p => p.Group == "history" && p.Counted).ToList(), ct));
            if (_o.Verbose)
            {
                report.PerUser(pairs);
            }

            if (_o.Dump is not null)
            {
                await DumpAsync(_o.Dump, pairs, ct);
            }

            // 6. Optional weight sweep over the same histories (anonymous answers do not depend on user weights).
            if (_o.Sweep.Count > 0)
            {
                var rows = new List<(string Weights, List<PairResult> Pairs)>();
                foreach (var combination in Combinations(_o.Sweep))
                {
                    await ApplySettingsAsync(client, original!, _o.Weights.Concat(combination).ToList(), ct);
                    var copies = pairs.Where(p => p.Group != "fresh").Select(p => new PairResult(p.User, p.Query, p.Group, p.Gain, p.EsciGain)
                    {
                        Anonymous = p.Anonymous,
                    }).ToList();
                    await ForEachAsync(copies, async p =>
                    {
                        p.Personal = await SearchAsync(client, p.Query.Text, EvalOptions.K, p.User.Id, ct);
                        return p;
                    }, "sweep " + Report.Describe(combination), ct);
                    rows.Add((Report.Describe(combination), copies));
                }

                report.Sweep(rows);
            }

            report.Footer(pairs, clock.Elapsed);
            return 0;
        }
        finally
        {
            if (original is not null && (_o.Weights.Count > 0 || _o.Sweep.Count > 0))
            {
                await WriteConfigAsync(_o.ConfigFile!, original, CancellationToken.None);
            }
        }
    }

    private IEnumerable<PairResult> Pairs(Simulation sim, List<SimulatedUser> users, string group, Func<SimulatedUser, IEnumerable<JudgedQuery>> queries)
    {
        foreach (var u in users)
        {
            foreach (var q in queries(u))
            {
                var gain = new Dictionary<string, double>(StringComparer.Ordinal);
                var esci = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (asin, grade) in q.Grades)
                {
                    gain[asin] = Metrics.PersonalGain(grade, sim.Matches(u.Preferences, asin));
                    esci[asin] = Metrics.EsciGain(grade);
                }

                yield return new PairResult(u, q, group, gain, esci);
            }
        }
    }

    /// <summary>
    /// What perfect knowledge of the preferences could reach under this gain with a weighted sum: each query's
    /// anonymous window (top 100, its rerank scores) reordered by <c>score + w * [matches preferences]</c>, mean
    /// NDCG per <c>w</c>. Says whether a target is reachable by weights at all.
    /// </summary>
    private async Task<(List<(double W, double Ndcg)> Values, int Pairs, int Skipped)> CeilingAsync(SidecarClient client, Simulation sim,
        List<PairResult> pairs, CancellationToken ct)
    {
        var size = Math.Min(100, (await client.ProfileAsync(_o.Profile, ct)).Window);
        var queries = pairs.Select(p => p.Query).DistinctBy(q => q.Id).ToList();
        var windows = await ForEachAsync(queries, q => SearchAsync(client, q.Text, size, null, ct), "anonymous windows (ceiling)", ct);
        var byQuery = queries.Select((q, i) => (q.Id, windows[i].Reply)).Where(x => x.Reply.Applied)
            .ToDictionary(x => x.Id, x => x.Reply, StringComparer.Ordinal);
        var kept = pairs.Where(p => byQuery.ContainsKey(p.Query.Id)).ToList();
        var result = new List<(double W, double Ndcg)>();
        foreach (var w in new[] { 0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0 })
        {
            result.Add((w, Metrics.Mean(kept.Select(p =>
            {
                var window = byQuery[p.Query.Id];
                var order = Enumerable.Range(0, window.Ids.Count)
                    .OrderByDescending(i => window.Scores[i] + (sim.Matches(p.User.Preferences, window.Ids[i]) ? w : 0))
                    .ThenBy(i => i).Select(i => window.Ids[i]).ToList();
                return Metrics.Ndcg(order, p.Gain, EvalOptions.K);
            }))));
        }

        return (result, kept.Count, pairs.Count - kept.Count);
    }

    /// <summary>Every pair as one JSON line: user, group, preferences, query, judged gains, both answers.</summary>
    private static async Task DumpAsync(string path, List<PairResult> pairs, CancellationToken ct)
    {
        await using var file = File.Create(path);
        foreach (var p in pairs)
        {
            using var buffer = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("user", p.User.Id);
                w.WriteString("group", p.Group);
                w.WriteString("preferences", p.User.Preferences.ToString());
                w.WriteStartArray("brands");
                foreach (var b in p.User.Preferences.Brands)
                {
                    w.WriteStringValue(b);
                }

                w.WriteEndArray();
                w.WriteStartArray("category");
                foreach (var c in p.User.Preferences.Category ?? [])
                {
                    w.WriteStringValue(c);
                }

                w.WriteEndArray();
                if (p.User.Preferences.PriceBand is { } band)
                {
                    w.WriteNumber("price_band", band);
                }

                w.WriteNumber("events", p.User.Events.Count);
                w.WriteString("query_id", p.Query.Id);
                w.WriteString("query", p.Query.Text);
                w.WriteStartObject("gain");
                foreach (var (asin, g) in p.Gain)
                {
                    w.WriteNumber(asin, g);
                }

                w.WriteEndObject();
                w.WriteStartObject("grades");
                foreach (var (asin, g) in p.Query.Grades)
                {
                    w.WriteNumber(asin, g);
                }

                w.WriteEndObject();
                foreach (var (name, a) in new[] { ("anonymous", p.Anonymous), ("personalized", p.Personal) })
                {
                    w.WriteStartObject(name);
                    w.WriteString("x_rerank", a?.Reply.Rerank);
                    w.WriteStartArray("ids");
                    foreach (var id in a?.Reply.Ids ?? [])
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            buffer.Position = 0;
            await buffer.CopyToAsync(file, ct);
        }
    }

    /// <summary>A search, tried again (up to --retries) while the answer is not exactly <c>X-Rerank: applied</c>.</summary>
    private async Task<Attempted> SearchAsync(SidecarClient client, string query, int size, string? user, CancellationToken ct)
    {
        var reply = await client.SearchAsync(query, size, user, ct);
        var first = reply.Rerank;
        var attempts = 1;
        while (!reply.Applied && attempts <= _o.Retries)
        {
            await Task.Delay(250 * attempts, ct);
            reply = await client.SearchAsync(query, size, user, ct);
            attempts++;
        }

        return new Attempted(reply, first, attempts);
    }

    /// <summary>Events in posts of up to <see cref="EventsPerPost"/> (whole users per post), two posts in flight.</summary>
    private async Task<EventTotals> SendEventsAsync(SidecarClient client, List<SimulatedUser> users, CancellationToken ct)
    {
        var batches = new List<List<SimEvent>>();
        var current = new List<SimEvent>();
        foreach (var u in users)
        {
            if (current.Count > 0 && current.Count + u.Events.Count > EventsPerPost)
            {
                batches.Add(current);
                current = [];
            }

            current.AddRange(u.Events);
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        var totals = new EventTotals();
        using var gate = new SemaphoreSlim(2);
        var gateLock = new object();
        await Task.WhenAll(batches.Select(async b =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var part = new EventTotals();
                await client.PostEventsAsync(b, _o.Index, part, 30, ct);
                lock (gateLock)
                {
                    totals.Sent += part.Sent;
                    totals.Accepted += part.Accepted;
                    totals.Duplicates += part.Duplicates;
                    totals.Rejected += part.Rejected;
                    totals.Failed += part.Failed;
                    totals.ProfilesPending += part.ProfilesPending;
                    totals.Backoffs += part.Backoffs;
                    totals.Problems.AddRange(part.Problems.Take(5 - Math.Min(5, totals.Problems.Count)));
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        Progress($"events: {totals.Sent} sent in {batches.Count} posts", true);
        return totals;
    }

    /// <summary>
    /// Writes <paramref name="settings"/> into a copy of <paramref name="original"/> (<c>feature=w</c> sets the weight,
    /// <c>feature.key=x</c> another numeric key of the feature), and waits until the sidecar has reloaded it
    /// (<c>sidecar_config_reloads_total{result="ok"}</c> grew and /_rerank/config shows the weights).
    /// </summary>
    private async Task<Dictionary<string, double>> ApplySettingsAsync(SidecarClient client, string[] original,
        IReadOnlyList<KeyValuePair<string, double>> settings, CancellationToken ct)
    {
        var lines = (string[])original.Clone();
        var weights = new List<KeyValuePair<string, double>>();
        foreach (var (name, value) in settings)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var (feature, key) = dot < 0 ? (name, "weight") : (name[..dot], name[(dot + 1)..]);
            lines = YamlLines.SetFeatureKey(lines, _o.Profile, feature, key, value);
            if (key == "weight")
            {
                weights.Add(KeyValuePair.Create(feature, value));
            }
        }

        var reloads = await client.ConfigReloadsAsync(ct);
        await WriteConfigAsync(_o.ConfigFile!, lines, ct);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(200, ct);
            var running = await client.WeightsAsync(_o.Profile, ct);
            if (await client.ConfigReloadsAsync(ct) > reloads &&
                weights.All(w => running.TryGetValue(w.Key, out var v) && Math.Abs(v - w.Value) < 1e-9))
            {
                await Task.Delay(500, ct); // the watcher may reload the same file once more (create + rename)
                return running;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new IOException($"the sidecar did not reload {_o.ConfigFile} with {Report.Describe(settings)} within 30 s (is it the file it runs? was it valid? see its log)");
            }
        }
    }

    /// <summary>Replaces the file in one rename, so the watcher never reads half a file.</summary>
    private static async Task WriteConfigAsync(string path, string[] lines, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, string.Join('\n', lines) + "\n", ct);
        File.Move(temp, path, overwrite: true);
    }

    private static IEnumerable<List<KeyValuePair<string, double>>> Combinations(IReadOnlyList<KeyValuePair<string, double[]>> grid)
    {
        IEnumerable<List<KeyValuePair<string, double>>> acc = [[]];
        foreach (var (name, values) in grid)
        {
            acc = acc.SelectMany(prefix => values.Select(v => new List<KeyValuePair<string, double>>(prefix) { KeyValuePair.Create(name, v) })).ToList();
        }

        return acc;
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> with --concurrency in flight; results in item order.</summary>
    private async Task<T[]> ForEachAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, Task<T>> work, string what, CancellationToken ct)
    {
        var results = new T[items.Count];
        var done = 0;
        using var gate = new SemaphoreSlim(_o.Concurrency);
        await Task.WhenAll(items.Select(async (item, i) =>
        {
            await gate.WaitAsync(ct);
            try
            {
                results[i] = await work(item);
            }
            finally
            {
                gate.Release();
            }

            var n = Interlocked.Increment(ref done);
            if (n % 25 == 0 || n == items.Count)
            {
                Progress(string.Create(CultureInfo.InvariantCulture, $"{what}: {n}/{items.Count}"), n == items.Count);
            }
        }));
        return results;
    }

    private void Progress(string message, bool last)
    {
        if (Console.IsErrorRedirected && !last)
        {
            return;
        }

        lock (_log)
        {
            _log.Write(Console.IsErrorRedirected ? message : "\r" + message.PadRight(100));
            if (last)
            {
                _log.WriteLine();
            }
        }
    }
}
