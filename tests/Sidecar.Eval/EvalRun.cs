using System.Diagnostics;
using Sidecar.Configuration;
using Sidecar.Hosting;
using Sidecar.Ranking;
using Sidecar.Search;
using Sidecar.Text;

namespace Sidecar.Eval;

/// <summary>
/// The evaluation, stage by stage (<see cref="RunAsync"/>): load the judgments and the profile; per query,
/// the first-stage search on the upstream (baseline), the same search through the sidecar (reranked) and
/// the window with the features' <c>_source</c> (for in-process work); then metrics, ablations, the
/// optional weight search, and the report whose last line is <c>ndcg@10 baseline=x reranked=y</c>.
/// </summary>
public sealed class EvalRun
{
    public const int NdcgK = 10;
    public const int RecallK = 100;
    public const int RecallMinGrade = 2;

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

        // 1. The judgments and the profile (the YAML the sidecar runs, or --config).
        var set = EvalSet.Load(_o.Queries, _o.Judgments);
        using var runtime = new SidecarRuntime();
        SidecarOptions config;
        try
        {
            config = runtime.Loader.LoadFile(_o.Config);
        }
        catch (ConfigException e)
        {
            await _log.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var profile = SelectProfile(config);
        if (profile is null)
        {
            await _log.WriteLineAsync($"error: {_o.Config} has no profile {(_o.Profile is null ? $"covering index '{_o.Index}'" : $"named '{_o.Profile}'")}").ConfigureAwait(false);
            return 2;
        }

        var viaSidecar = !_o.ConfigGiven;
        var report = new EvalReport(_out, _o.Verbose);
        report.Header(set, _o, profile, viaSidecar);

        // 2. Searches: baseline (upstream), reranked (sidecar), and the window for in-process work.
        using var client = new SearchClient();
        if (viaSidecar)
        {
            // Loads the model and warms the connection, so that the first query is not over the budget for that.
            await client.SearchAsync(_o.Sidecar, _o.Index, FirstStageQuery.Body("warm up", ["title"]), ct).ConfigureAwait(false);
        }

        var source = WindowSource(profile);
        var results = new List<QueryResult>(set.Queries.Count);
        var windows = new List<QueryWindow>(set.Queries.Count);
        var differing = 0;
        try
        {
            foreach (var q in set.Queries)
            {
                var body = FirstStageQuery.Body(q.Text, ["title"], _o.MatchType);
                var baseline = await client.SearchAsync(_o.Upstream, _o.Index, body, ct).ConfigureAwait(false);
                var reranked = viaSidecar ? await client.SearchAsync(_o.Sidecar, _o.Index, body, ct).ConfigureAwait(false) : null;
                var window = await FetchWindowAsync(client, profile, q, source, ct).ConfigureAwait(false);
                windows.Add(window);
                differing += window.Ids.SequenceEqual(baseline.Ids) ? 0 : 1;
                results.Add(Score(q, baseline, reranked));
                Progress($"searched {results.Count}/{set.Queries.Count} queries", results.Count == set.Queries.Count);
            }

            if (_o.EmbedMissing && config.Embedder is { } embedder)
            {
                var n = MissingItemEmbeddings.Fill(windows, profile, embedder, runtime.ItemCache, _o.Index, _log);
                report.Note($"--embed-missing: {n} item embeddings computed in-process (the index lacked them)");
            }
            else if (_o.EmbedMissing)
            {
                report.Note("--embed-missing: ignored, the configuration has no models.embedding");
            }

            // 3. In-process: the profile as declared, then each feature removed and alone.
            foreach (var w in windows)
            {
                w.ComputeColumns(profile, profile.Reranker.Features);
            }

            var inProcess = Ablation.MeanNdcg(windows, profile, NdcgK);
            if (!viaSidecar)
            {
                results = results.Select((r, i) => InProcess(r, windows[i].Rerank(profile))).ToList();
            }

            if (differing > 0)
            {
                report.Note($"{differing} in-process windows differ from the baseline's hits (query expansion, or the index changed during the run)");
            }

            report.Queries(results);
            report.Recall(results, viaSidecar);
            report.Reference(set, results);
            report.Ablation(Ablation.Run(windows, profile, NdcgK), RelevanceMetrics.Mean(results.Select(r => r.BaselineNdcg)),
                inProcess, viaSidecar ? RelevanceMetrics.Mean(results.Select(r => r.RerankedNdcg)) : null);
            report.FlatFeatures(profile.Reranker.Features, windows);

            // 4. Optional: the weight search over the declared features.
            if (_o.Grid)
            {
                report.Grid(new GridReport(new LinearScorer(windows, NdcgK), [.. profile.Reranker.Features.Select(f => f.Name)],
                    [.. profile.Reranker.Features.Select(f => f.Weight)]).Run());
            }
        }
        finally
        {
            foreach (var w in windows)
            {
                w.Dispose();
            }
        }

        await _log.WriteLineAsync($"  done in {clock.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);
        report.FinalLine(results);
        return 0;
    }

    /// <summary>Progress on standard error: a rewritten line on a terminal, only the last state otherwise.</summary>
    private void Progress(string text, bool last)
    {
        if (!Console.IsErrorRedirected)
        {
            _log.Write($"\r  {text}");
            if (last)
            {
                _log.WriteLine();
            }
        }
        else if (last)
        {
            _log.WriteLine($"  {text}");
        }
    }

    private RerankProfile? SelectProfile(SidecarOptions config) => _o.Profile is { } name
        ? config.Profiles.FirstOrDefault(p => p.Name == name)
        : config.Profiles.FirstOrDefault(p => p.MatchesTarget(_o.Index));

    /// <summary>
    /// <c>title</c>, the fields the features read, the item vector field (in-process, features read vectors from the
    /// hits: the sidecar's item cache and <c>_mget</c> are not there), and with <c>--embed-missing</c> the item text fields.
    /// </summary>
    private string[] WindowSource(RerankProfile profile)
    {
        IEnumerable<string> fields = ["title", .. profile.SourceFields];
        if (profile.ReadsItemVectors)
        {
            fields = fields.Append(profile.ItemEmbedding.Field);
        }

        if (_o.EmbedMissing)
        {
            fields = fields.Concat(profile.ItemEmbedding.TextFields);
        }

        return fields.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The first-stage window as the sidecar would fetch it: widened <c>_source</c>, expanded query when the profile expands.</summary>
    private async Task<QueryWindow> FetchWindowAsync(SearchClient client, RerankProfile profile, JudgedQuery q, string[] source, CancellationToken ct)
    {
        var body = FirstStageQuery.Body(q.Text, source, _o.MatchType);
        var text = QueryTextExtractor.ExtractFromBody(body);
        var understanding = profile.Query;
        if (understanding.Predictor is { } predictor && understanding.Rewriter is { } rewriter)
        {
            var analyzed = understanding.Analyzer.Analyze(text);
            var keywords = analyzed.IsEmpty ? [] : predictor.Predict(analyzed);
            var expanded = rewriter.Rewrite(body, keywords);
            if (expanded.Applied)
            {
                body = expanded.Body.ToArray();
            }
        }

        var (bytes, _) = await client.SearchRawAsync(_o.Upstream, _o.Index, body, ct).ConfigureAwait(false);
        var response = SearchResponse.TryParse(bytes) ?? throw new HttpRequestException($"{_o.Upstream}{_o.Index}/_search did not answer a search response");
        return new QueryWindow(q, text, response);
    }

    private static QueryResult Score(JudgedQuery q, SearchReply baseline, SearchReply? reranked) => new(
        q,
        RelevanceMetrics.Ndcg(baseline.Ids, q.Grades, NdcgK),
        reranked is null ? null : RelevanceMetrics.Ndcg(reranked.Ids, q.Grades, NdcgK),
        RelevanceMetrics.Recall(baseline.Ids, q.Grades, RecallK, RecallMinGrade),
        reranked is null ? null : RelevanceMetrics.Recall(reranked.Ids, q.Grades, RecallK, RecallMinGrade),
        reranked?.Rerank);

    private static QueryResult InProcess(QueryResult r, string[] ranked) => r with
    {
        RerankedNdcg = RelevanceMetrics.Ndcg(ranked, r.Query.Grades, NdcgK),
        RerankedRecall = RelevanceMetrics.Recall(ranked, r.Query.Grades, RecallK, RecallMinGrade),
    };
}
