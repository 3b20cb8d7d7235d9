using Lucene.Net.Search;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>Recursive-descent parser for the supported query_string syntax (see <see cref="QueryStringQuery"/>).</summary>
public sealed class QueryStringParser
{
    private readonly QueryStringScanner _scan;
    private readonly bool _defaultAnd;
    private readonly IQueryStringCallbacks _cb;
    private string? _field;

    public QueryStringParser(string text, bool defaultAnd, IQueryStringCallbacks callbacks)
    {
        _scan = new QueryStringScanner(text);
        _defaultAnd = defaultAnd;
        _cb = callbacks;
    }

    public LuceneQuery ParseAll()
    {
        var query = ParseGroup(topLevel: true);
        return _scan.End ? query : throw new FormatException($"unexpected '{_scan.Peek}' at position {_scan.Position}");
    }

    private LuceneQuery ParseGroup(bool topLevel)
    {
        var clauses = new List<(Occur Occur, LuceneQuery Query, bool Explicit)>();
        string? conj = null;
        while (true)
        {
            _scan.SkipWhitespace();
            if (_scan.End || (_scan.At(')') && !topLevel))
            {
                break;
            }

            if (_scan.At(')'))
            {
                throw new FormatException($"unbalanced ')' at position {_scan.Position}");
            }

            if (_scan.TryKeyword("AND") || _scan.TryOperator("&&"))
            {
                conj = "AND";
                continue;
            }

            if (_scan.TryKeyword("OR") || _scan.TryOperator("||") || _scan.TryOperator("|"))
            {
                conj = "OR";
                continue;
            }

            Occur? modifier = null;
            if (_scan.At('+'))
            {
                _scan.Next();
                modifier = Occur.MUST;
            }
            else if (_scan.At('-') || _scan.At('!'))
            {
                _scan.Next();
                modifier = Occur.MUST_NOT;
            }
            else if (_scan.TryKeyword("NOT"))
            {
                modifier = Occur.MUST_NOT;
            }

            var query = ParseClause();
            if (conj == "AND" && clauses.Count > 0 && clauses[^1].Occur == Occur.SHOULD)
            {
                clauses[^1] = clauses[^1] with { Occur = Occur.MUST };
            }
            else if (conj == "OR" && clauses.Count > 0 && clauses[^1] is { Occur: Occur.MUST, Explicit: false })
            {
                clauses[^1] = clauses[^1] with { Occur = Occur.SHOULD };
            }

            var occur = modifier ?? (conj switch
            {
                "AND" => Occur.MUST,
                "OR" => Occur.SHOULD,
                _ => _defaultAnd ? Occur.MUST : Occur.SHOULD,
            });
            clauses.Add((occur, query, modifier is not null));
            conj = null;
        }

        return Combine(clauses);
    }

    private LuceneQuery ParseClause()
    {
        _scan.SkipWhitespace();
        if (_scan.End)
        {
            throw new FormatException("unexpected end of query");
        }

        LuceneQuery query;
        if (_scan.At('('))
        {
            _scan.Next();
            query = ParseGroup(topLevel: false);
            _scan.Expect(')');
        }
        else if (_scan.At('"'))
        {
            query = _cb.Phrase(_field, _scan.ReadQuoted());
        }
        else
        {
            var word = _scan.ReadWord();
            if (_scan.At(':'))
            {
                _scan.Next();
                query = ParseFieldValue(word);
            }
            else
            {
                query = word == "*" && _field is null ? Queries.MatchAll() : _cb.Term(_field, word);
            }
        }

        if (_scan.At('^'))
        {
            _scan.Next();
            query = Queries.WithBoost(query, _scan.ReadNumber());
        }

        return query;
    }

    private LuceneQuery ParseFieldValue(string field)
    {
        _scan.SkipWhitespace();
        if (_scan.End)
        {
            throw new FormatException($"missing value for field [{field}]");
        }

        switch (_scan.Peek)
        {
            case '(':
                _scan.Next();
                var saved = _field;
                _field = field;
                var group = ParseGroup(topLevel: false);
                _field = saved;
                _scan.Expect(')');
                return group;
            case '"':
                return _cb.Phrase(field, _scan.ReadQuoted());
            case '[' or '{':
                return ParseRange(field);
            case '>' or '<':
                var greater = _scan.Next() == '>';
                var inclusive = _scan.At('=');
                if (inclusive)
                {
                    _scan.Next();
                }

                var bound = _scan.ReadWord();
                return greater ? _cb.Range(field, bound, inclusive, null, true) : _cb.Range(field, null, true, bound, inclusive);
            default:
                var value = _scan.ReadWord();
                return value == "*" ? _cb.Exists(field) : _cb.Term(field, value);
        }
    }

    private LuceneQuery ParseRange(string field)
    {
        var includeLower = _scan.Next() == '[';
        var lower = _scan.ReadWord();
        _scan.SkipWhitespace();
        if (!_scan.TryKeyword("TO"))
        {
            throw new FormatException("expected TO in range");
        }

        _scan.SkipWhitespace();
        var upper = _scan.ReadWord();
        _scan.SkipWhitespace();
        if (!_scan.At(']') && !_scan.At('}'))
        {
            throw new FormatException("unterminated range");
        }

        var includeUpper = _scan.Next() == ']';
        return _cb.Range(field, lower == "*" ? null : lower, includeLower, upper == "*" ? null : upper, includeUpper);
    }

    private static LuceneQuery Combine(List<(Occur Occur, LuceneQuery Query, bool Explicit)> clauses)
    {
        if (clauses.Count == 0)
        {
            return Queries.MatchNone();
        }

        if (clauses.Count == 1 && clauses[0].Occur != Occur.MUST_NOT)
        {
            return clauses[0].Query;
        }

        var bq = new BooleanQuery();
        foreach (var (occur, query, _) in clauses)
        {
            bq.Add(query, occur);
        }

        if (clauses.All(c => c.Occur == Occur.MUST_NOT))
        {
            bq.Add(Queries.NonScoring(new MatchAllDocsQuery()), Occur.MUST);
        }

        return bq;
    }
}
