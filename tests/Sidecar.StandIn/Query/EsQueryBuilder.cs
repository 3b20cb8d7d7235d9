using System.Text.Json;
using Lucene.Net.Search;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>Translates the Elasticsearch query DSL into Lucene queries for one index.</summary>
public sealed class EsQueryBuilder
{
    private static readonly HashSet<string> KnownButUnsupported = new(StringComparer.Ordinal)
    {
        "function_score", "script_score", "script", "nested", "has_child", "has_parent", "parent_id",
        "geo_bounding_box", "geo_distance", "geo_polygon", "geo_shape", "shape", "more_like_this", "knn",
        "semantic", "sparse_vector", "text_expansion", "weighted_tokens", "percolate", "wrapper", "pinned",
        "rank_feature", "distance_feature", "intervals", "span_term", "span_near", "span_or", "span_not",
        "span_first", "span_multi", "span_containing", "span_within", "field_masking_span", "combined_fields",
        "match_bool_prefix", "match_phrase_prefix", "terms_set", "boosting", "rule", "type",
    };

    private readonly TermLevelQueries _terms;
    private readonly RangeQueries _ranges;
    private readonly FullTextQueries _fullText;
    private readonly MultiMatchQueries _multiMatch;
    private readonly QueryStringQuery _queryString;

    public EsQueryBuilder(QueryContext context)
    {
        Context = context;
        _terms = new TermLevelQueries(context);
        _ranges = new RangeQueries(context);
        _fullText = new FullTextQueries(context, _terms);
        _multiMatch = new MultiMatchQueries(context, _fullText);
        _queryString = new QueryStringQuery(context, _fullText, _terms, _ranges);
    }

    public QueryContext Context { get; }

    /// <summary>Builds the query; a missing query means match_all.</summary>
    public LuceneQuery Build(JsonElement? query) => query is { } q ? Build(q) : Queries.MatchAll();

    public LuceneQuery Build(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing("[_na] query malformed, must start with start_object");
        }

        string? name = null;
        JsonElement body = default;
        foreach (var prop in query.EnumerateObject())
        {
            if (name is not null)
            {
                throw EsErrors.Parsing($"[{name}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
            }

            name = prop.Name;
            body = prop.Value;
        }

        if (name is null)
        {
            return Queries.MatchAll();
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing($"[{name}] query malformed, no start_object after query name");
        }

        return name switch
        {
            "match_all" => Queries.MatchAll(Boost(body)),
            "match_none" => Queries.MatchNone(),
            "match" => _fullText.Match(body),
            "match_phrase" => _fullText.MatchPhrase(body),
            "multi_match" => _multiMatch.MultiMatch(body),
            "query_string" or "simple_query_string" => _queryString.Build(name, body),
            "bool" => Bool(body),
            "term" => _terms.Term(body),
            "terms" => _terms.Terms(body),
            "range" => _ranges.Range(body),
            "exists" => _terms.Exists(body),
            "ids" => _terms.Ids(body),
            "prefix" or "wildcard" or "regexp" or "fuzzy" => _terms.Pattern(name, body),
            "constant_score" => ConstantScore(body),
            "dis_max" => DisMax(body),
            _ when KnownButUnsupported.Contains(name) => throw EsErrors.NotSupported($"{name} query"),
            _ => throw EsErrors.Parsing($"unknown query [{name}]"),
        };
    }

    /// <summary>The URL <c>q</c> parameter (query_string syntax).</summary>
    public LuceneQuery QueryString(string text, string? defaultField, bool defaultAnd, string? analyzer, bool lenient) =>
        _queryString.Parse(text, defaultField is null ? null : [defaultField], defaultAnd, analyzer, lenient);

    private LuceneQuery Bool(JsonElement body)
    {
        var must = new List<LuceneQuery>();
        var should = new List<LuceneQuery>();
        var filter = new List<LuceneQuery>();
        var mustNot = new List<LuceneQuery>();
        string? minimumShouldMatch = null;
        var boost = 1f;
        foreach (var prop in body.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "must":
                    must.AddRange(Clauses(prop.Value));
                    break;
                case "should":
                    should.AddRange(Clauses(prop.Value));
                    break;
                case "filter":
                    filter.AddRange(Clauses(prop.Value));
                    break;
                case "must_not" or "mustNot":
                    mustNot.AddRange(Clauses(prop.Value));
                    break;
                case "minimum_should_match":
                    minimumShouldMatch = JsonValues.GetString(prop.Value, prop.Name);
                    break;
                case "boost":
                    boost = JsonValues.GetFloat(prop.Value, prop.Name);
                    break;
                case "_name" or "adjust_pure_negative":
                    break;
                default:
                    throw EsErrors.Parsing($"[bool] query does not support [{prop.Name}]");
            }
        }

        if (must.Count + should.Count + filter.Count + mustNot.Count == 0)
        {
            return Queries.MatchAll(boost);
        }

        var bq = new BooleanQuery(true);
        must.ForEach(q => bq.Add(q, Occur.MUST));
        filter.ForEach(q => bq.Add(Queries.NonScoring(q), Occur.MUST));
        should.ForEach(q => bq.Add(q, Occur.SHOULD));
        mustNot.ForEach(q => bq.Add(q, Occur.MUST_NOT));
        if (must.Count + filter.Count + should.Count == 0)
        {
            bq.Add(Queries.NonScoring(new MatchAllDocsQuery()), Occur.MUST);
        }

        var required = minimumShouldMatch is not null
            ? MinimumShouldMatch.Calculate(should.Count, minimumShouldMatch)
            : must.Count + filter.Count == 0 && should.Count > 0 ? 1 : 0;
        if (required > 0)
        {
            bq.MinimumNumberShouldMatch = required;
        }

        return Queries.WithBoost(bq, boost);
    }

    private List<LuceneQuery> Clauses(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return [.. value.EnumerateArray().Select(Build)];
        }

        return [Build(value)];
    }

    private LuceneQuery ConstantScore(JsonElement body)
    {
        if (!body.TryGetProperty("filter", out var filter))
        {
            throw EsErrors.Parsing("[constant_score] requires a 'filter' element");
        }

        return Queries.Constant(Build(filter), Boost(body));
    }

    private LuceneQuery DisMax(JsonElement body)
    {
        var tie = body.TryGetProperty("tie_breaker", out var t) ? JsonValues.GetFloat(t, "tie_breaker") : 0f;
        if (!body.TryGetProperty("queries", out var queries) || queries.ValueKind != JsonValueKind.Array)
        {
            throw EsErrors.Parsing("[dis_max] requires 'queries' field with at least one clause");
        }

        var dismax = new DisjunctionMaxQuery(tie);
        foreach (var q in queries.EnumerateArray())
        {
            dismax.Add(Build(q));
        }

        return Queries.WithBoost(dismax, Boost(body));
    }

    private static float Boost(JsonElement body) =>
        body.TryGetProperty("boost", out var b) ? JsonValues.GetFloat(b, "boost") : 1f;
}
