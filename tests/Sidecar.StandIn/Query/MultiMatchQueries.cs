using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>
/// multi_match: best_fields (dis_max with tie_breaker), most_fields (sum), phrase (dis_max of phrases) and an
/// approximation of cross_fields (per-term dis_max across fields, without Elasticsearch's blended idf).
/// </summary>
public sealed class MultiMatchQueries
{
    private static readonly HashSet<string> Keys = ["fields", "type", "tie_breaker"];
    private readonly QueryContext _ctx;
    private readonly FullTextQueries _fullText;

    public MultiMatchQueries(QueryContext ctx, FullTextQueries fullText)
    {
        _ctx = ctx;
        _fullText = fullText;
    }

    public LuceneQuery MultiMatch(JsonElement body)
    {
        if (!body.TryGetProperty("query", out var query))
        {
            throw EsErrors.Parsing("No text specified for multi_match query");
        }

        List<string>? patterns = body.TryGetProperty("fields", out var f) ? JsonValues.StringList(f, "fields") : null;
        var type = body.TryGetProperty("type", out var t) ? JsonValues.GetString(t, "type") : "best_fields";
        float? tie = body.TryGetProperty("tie_breaker", out var tb) ? JsonValues.GetFloat(tb, "tie_breaker") : null;
        var boost = body.TryGetProperty("boost", out var b) ? JsonValues.GetFloat(b, "boost") : 1f;
        var options = MatchOptions.Parse(body, "multi_match", Keys);
        var fields = _ctx.ResolveFields(patterns, out var allFields);
        if (allFields)
        {
            options = options with { Lenient = true };
        }

        LuceneQuery result = type switch
        {
            "best_fields" => Combine(fields, (p, _) => _fullText.MatchField(p, query, options), tie ?? 0f),
            "most_fields" => Combine(fields, (p, _) => _fullText.MatchField(p, query, options), null),
            "phrase" => Combine(fields, (p, _) => _fullText.PhraseField(p, query, options), tie ?? 0f),
            "cross_fields" => CrossFields(fields, JsonValues.ScalarText(query), options, tie ?? 0f),
            "phrase_prefix" or "bool_prefix" => throw EsErrors.NotSupported($"multi_match type {type}"),
            _ => throw EsErrors.IllegalArgument($"[multi_match] query does not support type [{type}]"),
        };
        return Queries.WithBoost(result, boost);
    }

    /// <summary>One query per field with the field boost; dis_max when <paramref name="tie"/> is set, else a sum.</summary>
    public static LuceneQuery Combine(List<(string Path, float Boost)> fields, Func<string, float, LuceneQuery> perField, float? tie)
    {
        var queries = new List<LuceneQuery>();
        foreach (var (path, fieldBoost) in fields)
        {
            var q = perField(path, fieldBoost);
            if (!Queries.IsMatchNone(q))
            {
                queries.Add(Queries.WithBoost(q, fieldBoost));
            }
        }

        if (queries.Count == 0)
        {
            return Queries.MatchNone();
        }

        if (queries.Count == 1)
        {
            return queries[0];
        }

        if (tie is { } tieBreaker)
        {
            var dismax = new DisjunctionMaxQuery(tieBreaker);
            foreach (var q in queries)
            {
                dismax.Add(q);
            }

            return dismax;
        }

        var sum = new BooleanQuery(true);
        foreach (var q in queries)
        {
            sum.Add(q, Occur.SHOULD);
        }

        return sum;
    }

    private LuceneQuery CrossFields(List<(string Path, float Boost)> fields, string text, MatchOptions options, float tie)
    {
        var byPosition = new SortedDictionary<int, List<LuceneQuery>>();
        var nonText = new List<LuceneQuery>();
        foreach (var (path, fieldBoost) in fields)
        {
            var tokens = _fullText.AnalyzeFor(path, text, options.Analyzer);
            if (tokens.Count == 0)
            {
                var q = _fullText.MatchField(path, JsonSerializer.SerializeToElement(text), options with { Lenient = true });
                if (!Queries.IsMatchNone(q))
                {
                    nonText.Add(Queries.WithBoost(q, fieldBoost));
                }

                continue;
            }

            foreach (var (position, term) in tokens)
            {
                if (!byPosition.TryGetValue(position, out var list))
                {
                    list = [];
                    byPosition[position] = list;
                }

                list.Add(Queries.WithBoost(new TermQuery(new Term(path, term)), fieldBoost));
            }
        }

        var bq = new BooleanQuery();
        foreach (var queries in byPosition.Values)
        {
            var dismax = new DisjunctionMaxQuery(tie);
            foreach (var q in queries)
            {
                dismax.Add(q);
            }

            bq.Add(dismax, options.OperatorAnd ? Occur.MUST : Occur.SHOULD);
        }

        if (!options.OperatorAnd && options.MinimumShouldMatch is { } msm && byPosition.Count > 0)
        {
            bq.MinimumNumberShouldMatch = MinimumShouldMatch.Calculate(byPosition.Count, msm);
        }

        if (nonText.Count == 0)
        {
            return byPosition.Count == 0 ? Queries.MatchNone() : bq;
        }

        var outer = new BooleanQuery(true);
        if (byPosition.Count > 0)
        {
            outer.Add(bq, Occur.SHOULD);
        }

        foreach (var q in nonText)
        {
            outer.Add(q, Occur.SHOULD);
        }

        return outer;
    }
}
