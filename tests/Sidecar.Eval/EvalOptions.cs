namespace Sidecar.Eval;

/// <summary>The command line of the evaluation (see <see cref="Usage"/>).</summary>
public sealed record EvalOptions
{
    public const string Usage = """
        Sidecar relevance evaluation: NDCG@10 and Recall@100 of the first stage (baseline) and of the sidecar (reranked).

          --queries FILE      query_id,query CSV (default ../shared/data/esci/queries.csv)
          --judgments FILE    query_id,asin,esci_label,grade CSV (default ../shared/data/esci/judgments.csv)
          --upstream URL      the Elasticsearch (stand-in) answering the baseline (default http://127.0.0.1:9200)
          --sidecar URL       the sidecar answering the reranked searches (default http://127.0.0.1:9280)
          --index NAME        index searched (default products)
          --match-type TYPE   multi_match type of the first stage (default most_fields: it sums the fields' BM25
                              as the reference figures 0.632 / 0.855 do; best_fields is Elasticsearch's own default)
          --config FILE       evaluate this YAML in-process only (ablation mode: no search through the sidecar);
                              without it the in-process ablations use config/sidecar.yaml
          --profile NAME      profile of the YAML to evaluate (default: the one covering --index)
          --grid              search the weights of the declared features on this set and print the best ones
          --embed-missing     compute in-process the item embeddings the index lacks (slow: ~1 s per 100 products)
          --verbose           per-query table
        """;

    public string Queries { get; init; } = "../shared/data/esci/queries.csv";

    public string Judgments { get; init; } = "../shared/data/esci/judgments.csv";

    public Uri Upstream { get; init; } = new("http://127.0.0.1:9200/");

    public Uri Sidecar { get; init; } = new("http://127.0.0.1:9280/");

    public string Index { get; init; } = "products";

    /// <summary>The <c>multi_match</c> type sent (default most_fields, the reference first stage); null sends none (best_fields).</summary>
    public string? MatchType { get; init; } = "most_fields";

    /// <summary>The YAML evaluated in-process; <see cref="ConfigGiven"/> tells whether the user chose it.</summary>
    public string Config { get; init; } = "config/sidecar.yaml";

    /// <summary>True with <c>--config</c>: in-process only, the sidecar is not searched.</summary>
    public bool ConfigGiven { get; init; }

    public string? Profile { get; init; }

    public bool Grid { get; init; }

    public bool EmbedMissing { get; init; }

    public bool Verbose { get; init; }

    public bool Help { get; init; }

    /// <exception cref="ArgumentException">An unknown option or a missing value, with what was wrong.</exception>
    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new EvalOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value");
            o = a switch
            {
                "--queries" => o with { Queries = Value() },
                "--judgments" => o with { Judgments = Value() },
                "--upstream" => o with { Upstream = BaseUri(a, Value()) },
                "--sidecar" => o with { Sidecar = BaseUri(a, Value()) },
                "--index" => o with { Index = Value() },
                "--match-type" => o with { MatchType = Value() },
                "--config" => o with { Config = Value(), ConfigGiven = true },
                "--profile" => o with { Profile = Value() },
                "--grid" => o with { Grid = true },
                "--embed-missing" => o with { EmbedMissing = true },
                "--verbose" or "-v" => o with { Verbose = true },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"unknown option '{a}'"),
            };
        }

        return o;
    }

    private static Uri BaseUri(string option, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
        {
            throw new ArgumentException($"{option}: '{value}' is not an http(s) URL");
        }

        return u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");
    }
}
