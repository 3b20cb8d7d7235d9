using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Sidecar.StandIn.Mapping;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>Builds the leaf queries of a parsed query string against one index.</summary>
public sealed class QueryStringCallbacks : IQueryStringCallbacks
{
    private readonly QueryContext _ctx;
    private readonly FullTextQueries _fullText;
    private readonly TermLevelQueries _terms;
    private readonly RangeQueries _ranges;
    private readonly List<(string Path, float Boost)> _defaultFields;
    private readonly MatchOptions _options;

    public QueryStringCallbacks(QueryContext ctx, FullTextQueries fullText, TermLevelQueries terms, RangeQueries ranges,
        List<(string Path, float Boost)> defaultFields, MatchOptions options)
    {
        _ctx = ctx;
        _fullText = fullText;
        _terms = terms;
        _ranges = ranges;
        _defaultFields = defaultFields;
        _options = options;
    }

    public LuceneQuery Term(string? field, string text) =>
        ForFields(field, (path, options) => text.EndsWith('*') && text.Length > 1 && text.IndexOf('*') == text.Length - 1
            ? Prefix(path, text[..^1])
            : text.Contains('*') || text.Contains('?')
                ? Queries.Constant(new WildcardQuery(new Term(path, Normalize(path, text))))
                : _fullText.MatchField(path, JsonSerializer.SerializeToElement(text), options));

    public LuceneQuery Phrase(string? field, string text) =>
        ForFields(field, (path, options) => _fullText.PhraseField(path, JsonSerializer.SerializeToElement(text), options));

    public LuceneQuery Exists(string field) =>
        _terms.Exists(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["field"] = field }));

    public LuceneQuery Range(string field, string? lower, bool includeLower, string? upper, bool includeUpper)
    {
        var spec = new Dictionary<string, string>();
        if (lower is not null)
        {
            spec[includeLower ? "gte" : "gt"] = lower;
        }

        if (upper is not null)
        {
            spec[includeUpper ? "lte" : "lt"] = upper;
        }

        var body = new Dictionary<string, Dictionary<string, string>> { [field] = spec };
        return _ranges.Range(JsonSerializer.SerializeToElement(body));
    }

    private LuceneQuery ForFields(string? field, Func<string, MatchOptions, LuceneQuery> perField)
    {
        if (field is not null)
        {
            var explicitFields = _ctx.ResolveFields([field], out _);
            return MultiMatchQueries.Combine(explicitFields, (p, _) => perField(p, _options), 0f);
        }

        return MultiMatchQueries.Combine(_defaultFields, (p, _) => perField(p, _options), 0f);
    }

    private LuceneQuery Prefix(string path, string prefix) =>
        Queries.Constant(new PrefixQuery(new Term(path, Normalize(path, prefix))));

    private string Normalize(string path, string text) =>
        _ctx.Field(path) is { Kind: FieldKind.Text } ? text.ToLowerInvariant() : text;
}
