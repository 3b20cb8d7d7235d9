using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Sidecar.StandIn.Analysis;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>match, match_phrase and the per-field building blocks used by multi_match and query_string.</summary>
public sealed class FullTextQueries
{
    private static readonly HashSet<string> NoExtraKeys = [];
    private readonly QueryContext _ctx;
    private readonly TermLevelQueries _terms;

    public FullTextQueries(QueryContext ctx, TermLevelQueries terms)
    {
        _ctx = ctx;
        _terms = terms;
    }

    public LuceneQuery Match(JsonElement body)
    {
        var q = FieldQueryBody.Parse(body, "match", "query");
        if (!q.HasValue)
        {
            throw EsErrors.Parsing("No text specified for text query");
        }

        var options = MatchOptions.Parse(q.Options, "match", NoExtraKeys);
        return Queries.WithBoost(MatchField(q.Field, q.Value, options), q.Boost);
    }

    public LuceneQuery MatchPhrase(JsonElement body)
    {
        var q = FieldQueryBody.Parse(body, "match_phrase", "query");
        if (!q.HasValue)
        {
            throw EsErrors.Parsing("No text specified for text query");
        }

        var options = MatchOptions.Parse(q.Options, "match_phrase", NoExtraKeys);
        return Queries.WithBoost(PhraseField(q.Field, q.Value, options), q.Boost);
    }

    /// <summary>A match query on one field, with semantics depending on the field type.</summary>
    public LuceneQuery MatchField(string path, JsonElement value, MatchOptions options)
    {
        var field = _ctx.Field(path);
        if (field is null || field.Kind != FieldKind.Text)
        {
            return NonText(field, path, value, options.Lenient);
        }

        var analyzer = AnalyzerRegistry.ForSearch(field, _ctx.DefaultAnalyzer, options.Analyzer);
        var tokens = TextAnalysis.Analyze(analyzer, path, JsonValues.ScalarText(value));
        var positions = tokens.GroupBy(t => t.Position).Select(g => g.Select(t => t.Term).Distinct().ToList()).ToList();
        if (positions.Count == 0)
        {
            return options.ZeroTermsAll ? Queries.MatchAll() : Queries.MatchNone();
        }

        if (positions.Count == 1)
        {
            return TermsAt(path, positions[0], options);
        }

        var bq = new BooleanQuery();
        foreach (var terms in positions)
        {
            bq.Add(TermsAt(path, terms, options), options.OperatorAnd ? Occur.MUST : Occur.SHOULD);
        }

        if (!options.OperatorAnd && options.MinimumShouldMatch is { } msm)
        {
            bq.MinimumNumberShouldMatch = MinimumShouldMatch.Calculate(positions.Count, msm);
        }

        return bq;
    }

    /// <summary>A match_phrase on one field (keyword and numeric fields fall back to exact matching).</summary>
    public LuceneQuery PhraseField(string path, JsonElement value, MatchOptions options)
    {
        var field = _ctx.Field(path);
        if (field is null || field.Kind != FieldKind.Text)
        {
            return NonText(field, path, value, options.Lenient);
        }

        var analyzer = AnalyzerRegistry.ForSearch(field, _ctx.DefaultAnalyzer, options.Analyzer);
        var tokens = TextAnalysis.Analyze(analyzer, path, JsonValues.ScalarText(value));
        var positions = tokens.GroupBy(t => t.Position).OrderBy(g => g.Key).ToList();
        if (positions.Count == 0)
        {
            return options.ZeroTermsAll ? Queries.MatchAll() : Queries.MatchNone();
        }

        if (positions.Count == 1)
        {
            return TermsAt(path, [.. positions[0].Select(t => t.Term).Distinct()], options with { Fuzziness = null });
        }

        if (positions.All(g => g.Count() == 1))
        {
            var phrase = new PhraseQuery { Slop = options.Slop };
            foreach (var g in positions)
            {
                phrase.Add(new Term(path, g.First().Term), g.Key);
            }

            return phrase;
        }

        var multi = new MultiPhraseQuery { Slop = options.Slop };
        foreach (var g in positions)
        {
            multi.Add([.. g.Select(t => new Term(path, t.Term))], g.Key);
        }

        return multi;
    }

    /// <summary>Analyzed terms of one field (for cross_fields); empty for non-text fields.</summary>
    public List<(int Position, string Term)> AnalyzeFor(string path, string text, string? analyzerOverride)
    {
        var field = _ctx.Field(path);
        if (field is not { Kind: FieldKind.Text })
        {
            return [];
        }

        var analyzer = AnalyzerRegistry.ForSearch(field, _ctx.DefaultAnalyzer, analyzerOverride);
        return [.. TextAnalysis.Analyze(analyzer, path, text).Select(t => (t.Position, t.Term))];
    }

    private LuceneQuery TermsAt(string path, List<string> terms, MatchOptions options)
    {
        if (terms.Count == 1)
        {
            return SingleTerm(path, terms[0], options);
        }

        var synonyms = new BooleanQuery(true);
        foreach (var term in terms)
        {
            synonyms.Add(SingleTerm(path, term, options), Occur.SHOULD);
        }

        return synonyms;
    }

    private static LuceneQuery SingleTerm(string path, string term, MatchOptions options)
    {
        if (options.Fuzziness is not { } fuzziness)
        {
            return new TermQuery(new Term(path, term));
        }

        var edits = fuzziness.ToUpperInvariant() switch
        {
            "AUTO" => term.Length <= 2 ? 0 : term.Length <= 5 ? 1 : 2,
            "0" => 0,
            "1" => 1,
            "2" => 2,
            _ => throw EsErrors.IllegalArgument($"invalid fuzziness [{fuzziness}]"),
        };
        return edits == 0
            ? new TermQuery(new Term(path, term))
            : new FuzzyQuery(new Term(path, term), edits, options.PrefixLength);
    }

    private LuceneQuery NonText(FieldMapping? field, string path, JsonElement value, bool lenient)
    {
        if (field is null)
        {
            return Queries.MatchNone();
        }

        if (!field.Kind.IsIndexed())
        {
            return lenient
                ? Queries.MatchNone()
                : throw _ctx.ShardError($"Field [{path}] of type [{field.TypeName}] does not support match queries");
        }

        try
        {
            return _terms.Exact(field, value);
        }
        catch (EsException) when (lenient)
        {
            return Queries.MatchNone();
        }
    }
}
