using System.Text.Json;
using Lucene.Net.Search;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>
/// query_string / simple_query_string and the URL <c>q</c> parameter, for a subset of the Lucene syntax:
/// terms, "phrases", field:value, +must, -must_not, NOT, AND, OR, |, (groups), trailing-* prefixes,
/// field:* (exists), field:[a TO b] / {a TO b} ranges and field:&gt;=x comparisons.
/// </summary>
public sealed class QueryStringQuery
{
    private readonly QueryContext _ctx;
    private readonly FullTextQueries _fullText;
    private readonly TermLevelQueries _terms;
    private readonly RangeQueries _ranges;

    public QueryStringQuery(QueryContext ctx, FullTextQueries fullText, TermLevelQueries terms, RangeQueries ranges)
    {
        _ctx = ctx;
        _fullText = fullText;
        _terms = terms;
        _ranges = ranges;
    }

    public LuceneQuery Build(string kind, JsonElement body)
    {
        if (!body.TryGetProperty("query", out var q))
        {
            throw EsErrors.Parsing($"[{kind}] must be provided with a [query]");
        }

        List<string>? fields = null;
        if (body.TryGetProperty("fields", out var f))
        {
            fields = JsonValues.StringList(f, "fields");
        }
        else if (body.TryGetProperty("default_field", out var df))
        {
            fields = [JsonValues.GetString(df, "default_field")];
        }

        var and = body.TryGetProperty("default_operator", out var op) && MatchOptions.ParseOperator(JsonValues.GetString(op, "default_operator"));
        var analyzer = body.TryGetProperty("analyzer", out var a) ? JsonValues.GetString(a, "analyzer") : null;
        var lenient = kind == "simple_query_string" || (body.TryGetProperty("lenient", out var l) && JsonValues.GetBool(l, "lenient"));
        var boost = body.TryGetProperty("boost", out var b) ? JsonValues.GetFloat(b, "boost") : 1f;
        return Queries.WithBoost(Parse(JsonValues.ScalarText(q), fields, and, analyzer, lenient), boost);
    }

    /// <summary>Parses a query string (also used for the URL <c>q</c> parameter).</summary>
    public LuceneQuery Parse(string text, IReadOnlyList<string>? defaultFields, bool defaultAnd, string? analyzer, bool lenient)
    {
        var fields = _ctx.ResolveFields(defaultFields, out var all);
        var options = new MatchOptions { Analyzer = analyzer, Lenient = lenient || all };
        var parser = new QueryStringParser(text, defaultAnd, new QueryStringCallbacks(_ctx, _fullText, _terms, _ranges, fields, options));
        try
        {
            return parser.ParseAll();
        }
        catch (FormatException e)
        {
            throw EsErrors.Parsing($"Failed to parse query [{text}]: {e.Message}");
        }
    }
}
