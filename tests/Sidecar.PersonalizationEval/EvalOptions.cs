using System.Globalization;

namespace Sidecar.PersonalizationEval;

/// <summary>The command line of the personalization evaluation (see <see cref="Usage"/>).</summary>
public sealed record EvalOptions
{
    public const string Usage = """
        Sidecar personalization evaluation: simulated users send their history through POST /_rerank/events, then
        held-out searches go through the sidecar with X-User-Id and anonymously; NDCG@10 under a preference-aware gain.

          --esci DIR            products.jsonl, queries.csv, judgments.csv (default ../shared/data/esci)
          --sidecar URL         the sidecar (default http://127.0.0.1:9330)
          --api-key KEY         admin key for the events API (default: $SIDECAR_API_KEY)
          --index NAME          index searched and named in events (default products)
          --profile NAME        rerank profile whose weights are shown/changed (default products)
          --users N             users with history (default 50)
          --train N             training queries per user (default 20)
          --heldout N           held-out queries per user, among those their preferences meet (default 5)
          --offpref N           extra held-out queries per user that their preferences do not meet (default 1)
          --fresh N             users without history (fresh ids), each with the same held-out draw (default 20)
          --seed N              simulation seed (default 42)
          --run-tag TAG         part of every user and event id (default: seed and start time, so runs never mix)
          --candidates N        anonymous top-N a user sees per training query (default 20)
          --category-depth N    category levels of the anchor a user prefers (default 0: its whole path; 2: e.g. Clothing > Women)
          --price-bands LIST    comma-separated band boundaries, as personalization.price_bands (default 10,25,50,100,250,500)
          --concurrency N       searches in flight (default 4)
          --retries N           extra attempts of a search not answered `X-Rerank: applied` (default 2)
          --config-file FILE    the YAML the sidecar runs (hot-reloaded): needed by --weights and --sweep
          --weights LIST        feature weights for the main run, e.g. user_category=0.6,user_brand=0.3 (written to --config-file)
          --sweep GRID          after the main run, re-run the personalized searches for every combination, e.g.
                                "user_category=0.3|0.6,user_interest=0.3|0.6" (the file is restored afterwards)
          --verbose             per-user table
          --dump FILE           write every held-out pair (user, preferences, query, gains, both answers) as JSON lines
        """;

    public string Esci { get; init; } = "../shared/data/esci";

    public Uri Sidecar { get; init; } = new("http://127.0.0.1:9330/");

    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable("SIDECAR_API_KEY");

    public string Index { get; init; } = "products";

    public string Profile { get; init; } = "products";

    public int Users { get; init; } = 50;

    public int TrainQueries { get; init; } = 20;

    public int HeldOut { get; init; } = 5;

    public int OffPreference { get; init; } = 1;

    public int FreshUsers { get; init; } = 20;

    public int Seed { get; init; } = 42;

    public string RunTag { get; init; } = string.Empty;

    public int Candidates { get; init; } = 20;

    public IReadOnlyList<double> PriceBands { get; init; } = [10, 25, 50, 100, 250, 500];

    public int Concurrency { get; init; } = 4;

    public int Retries { get; init; } = 2;

    public string? ConfigFile { get; init; }

    public IReadOnlyList<KeyValuePair<string, double>> Weights { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, double[]>> Sweep { get; init; } = [];

    public bool Verbose { get; init; }

    public string? Dump { get; init; }

    public bool Help { get; init; }

    // The simulation model's constants (stated in the report; not on the command line on purpose).
    /// <summary>Levels of the anchor's category path a user prefers; 0: the whole path.</summary>
    public int CategoryDepth { get; init; }

    public double SecondBrandProbability { get; init; } = 0.5;

    public int MinAffineTraining { get; init; } = 3;

    public int HistoryDays { get; init; } = 30;

    public double ExamineExponent { get; init; } = 0.7;

    public double ClickBase { get; init; } = 0.1;

    public double ClickPreference { get; init; } = 0.7;

    public double ClickIrrelevantFactor { get; init; } = 0.3;

    public double CartProbability { get; init; } = 0.3;

    public double PurchaseProbability { get; init; } = 0.5;

    public const int K = 10;

    /// <exception cref="ArgumentException">An unknown option, a missing or malformed value.</exception>
    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        var o = new EvalOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value");
            int Int(int min) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"{a} needs an integer >= {min}");
            o = a switch
            {
                "--esci" => o with { Esci = Value() },
                "--sidecar" => o with { Sidecar = BaseUri(a, Value()) },
                "--api-key" => o with { ApiKey = Value() },
                "--index" => o with { Index = Value() },
                "--profile" => o with { Profile = Value() },
                "--users" => o with { Users = Int(1) },
                "--train" => o with { TrainQueries = Int(1) },
                "--heldout" => o with { HeldOut = Int(1) },
                "--offpref" => o with { OffPreference = Int(0) },
                "--fresh" => o with { FreshUsers = Int(0) },
                "--seed" => o with { Seed = Int(0) },
                "--run-tag" => o with { RunTag = Value() },
                "--candidates" => o with { Candidates = Int(1) },
                "--category-depth" => o with { CategoryDepth = Int(0) },
                "--price-bands" => o with { PriceBands = Value().Split(',').Select(s => Number(a, s)).ToArray() },
                "--concurrency" => o with { Concurrency = Int(1) },
                "--retries" => o with { Retries = Int(0) },
                "--config-file" => o with { ConfigFile = Value() },
                "--weights" => o with { Weights = Assignments(a, Value()).Select(p => KeyValuePair.Create(p.Key, Single(a, p))).ToArray() },
                "--sweep" => o with { Sweep = Assignments(a, Value()).ToArray() },
                "--verbose" or "-v" => o with { Verbose = true },
                "--dump" => o with { Dump = Value() },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"unknown option '{a}'"),
            };
        }

        if ((o.Weights.Count > 0 || o.Sweep.Count > 0) && o.ConfigFile is null)
        {
            throw new ArgumentException("--weights and --sweep need --config-file (the YAML the sidecar runs)");
        }

        if (string.IsNullOrEmpty(o.ApiKey) && !o.Help)
        {
            throw new ArgumentException("the events API needs the admin key: --api-key or $SIDECAR_API_KEY");
        }

        return o.RunTag.Length > 0 ? o : o with
        {
            RunTag = string.Create(CultureInfo.InvariantCulture, $"s{o.Seed}-{DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000_000:x}"),
        };
    }

    private static IEnumerable<KeyValuePair<string, double[]>> Assignments(string option, string text)
    {
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"{option}: '{part}' is not name=value");
            }

            yield return KeyValuePair.Create(part[..eq].Trim(), part[(eq + 1)..].Split('|').Select(v => Number(option, v)).ToArray());
        }
    }

    private static double Single(string option, KeyValuePair<string, double[]> p) =>
        p.Value.Length == 1 ? p.Value[0] : throw new ArgumentException($"{option}: {p.Key} needs one value");

    private static double Number(string option, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x : throw new ArgumentException($"{option}: '{text}' is not a number");

    private static Uri BaseUri(string option, string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u : throw new ArgumentException($"{option}: '{value}' is not an http(s) URL");
}
