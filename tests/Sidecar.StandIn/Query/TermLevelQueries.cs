using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>term, terms, exists, ids, prefix, wildcard, regexp and fuzzy queries (values are not analyzed).</summary>
public sealed class TermLevelQueries
{
    private readonly QueryContext _ctx;

    public TermLevelQueries(QueryContext ctx) => _ctx = ctx;

    /// <summary>
    /// Exact match of one value: a scored TermQuery on text/keyword/boolean fields, a constant-score
    /// point query on numbers and dates (like Elasticsearch).
    /// </summary>
    public LuceneQuery Exact(FieldMapping? field, JsonElement value)
    {
        if (field is null)
        {
            return Queries.MatchNone();
        }

        var path = field.Path;
        switch (field.Kind)
        {
            case FieldKind.Text or FieldKind.Keyword:
                return new TermQuery(new Term(path, JsonValues.ScalarText(value)));
            case FieldKind.Boolean:
                return ValueConverter.TryToBoolean(value, out var b)
                    ? new TermQuery(new Term(path, b ? "true" : "false"))
                    : throw _ctx.ShardError($"Can't parse boolean value [{JsonValues.ScalarText(value)}], expected [true] or [false]");
            case var k when k.IsIntegral():
                if (k != FieldKind.Date && JsonValues.TryGetDouble(value, out var d) && d != Math.Floor(d))
                {
                    return Queries.MatchNone();
                }

                return ValueConverter.TryToLong(field, value, out var l)
                    ? Queries.Constant(NumericRangeQuery.NewInt64Range(path, l, l, true, true))
                    : throw NumberError(field, value);
            case var k when k.IsFloating():
                return ValueConverter.TryToDouble(field, value, out var v)
                    ? Queries.Constant(NumericRangeQuery.NewDoubleRange(path, v, v, true, true))
                    : throw NumberError(field, value);
            default:
                throw _ctx.ShardError($"Field [{path}] of type [{field.TypeName}] does not support term queries");
        }
    }

    public LuceneQuery Term(JsonElement body)
    {
        var q = FieldQueryBody.Parse(body, "term", "value");
        if (!q.HasValue || !JsonValues.IsScalar(q.Value))
        {
            throw EsErrors.Parsing("[term] query does not support array of values");
        }

        if (q.Option("case_insensitive") is { ValueKind: JsonValueKind.True })
        {
            var pattern = JsonValues.ScalarText(q.Value);
            return Queries.Constant(new RegexpQuery(new Term(q.Field, CaseInsensitiveRegex(pattern))), q.Boost);
        }

        return Queries.WithBoost(Exact(_ctx.Field(q.Field), q.Value), q.Boost);
    }

    public LuceneQuery Terms(JsonElement body)
    {
        string? field = null;
        JsonElement values = default;
        var boost = 1f;
        foreach (var prop in body.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "boost":
                    boost = JsonValues.GetFloat(prop.Value, "boost");
                    break;
                case "_name":
                    break;
                default:
                    field = field is null ? prop.Name : throw EsErrors.Parsing(
                        $"[terms] query does not support multiple fields, found [{field}] and [{prop.Name}]");
                    values = prop.Value;
                    break;
            }
        }

        if (field is null)
        {
            throw EsErrors.Parsing("[terms] query requires a field");
        }

        if (values.ValueKind == JsonValueKind.Object)
        {
            throw EsErrors.NotSupported("terms lookup");
        }

        if (values.ValueKind != JsonValueKind.Array)
        {
            throw EsErrors.Parsing($"[terms] query does not support [{field}]");
        }

        var mapping = _ctx.Field(field);
        var any = new BooleanQuery(true);
        foreach (var value in values.EnumerateArray())
        {
            any.Add(Exact(mapping, value), Occur.SHOULD);
        }

        return Queries.Constant(any, boost);
    }

    public LuceneQuery Exists(JsonElement body)
    {
        var field = body.TryGetProperty("field", out var f) ? JsonValues.GetString(f, "field")
            : throw EsErrors.Parsing("[exists] must be provided with a [field]");
        var boost = body.TryGetProperty("boost", out var b) ? JsonValues.GetFloat(b, "boost") : 1f;
        var paths = Common.Glob.HasWildcard(field)
            ? _ctx.Mapping.All.Keys.Concat(_ctx.Mapping.Objects).Where(p => Common.Glob.IsMatch(field, p)).ToList()
            : [field];
        var any = new BooleanQuery(true);
        foreach (var path in paths)
        {
            any.Add(new TermQuery(new Term(DocumentBuilder.FieldNamesField, path)), Occur.SHOULD);
        }

        return Queries.Constant(any, boost);
    }

    public LuceneQuery Ids(JsonElement body)
    {
        var any = new BooleanQuery(true);
        var boost = 1f;
        foreach (var prop in body.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "values":
                    foreach (var id in JsonValues.StringList(prop.Value, "values"))
                    {
                        any.Add(new TermQuery(new Term(DocumentBuilder.IdField, id)), Occur.SHOULD);
                    }

                    break;
                case "boost":
                    boost = JsonValues.GetFloat(prop.Value, "boost");
                    break;
                case "_name":
                    break;
                default:
                    throw EsErrors.Parsing($"[ids] query does not support [{prop.Name}]");
            }
        }

        return Queries.Constant(any, boost);
    }

    /// <summary>prefix, wildcard, regexp (constant score) and fuzzy (scored) queries.</summary>
    public LuceneQuery Pattern(string kind, JsonElement body)
    {
        var q = FieldQueryBody.Parse(body, kind, "value");
        if (!q.HasValue)
        {
            throw EsErrors.Parsing($"[{kind}] query requires a value");
        }

        var value = JsonValues.ScalarText(q.Value);
        var insensitive = q.Option("case_insensitive") is { ValueKind: JsonValueKind.True };
        var term = new Term(q.Field, value);
        LuceneQuery query = kind switch
        {
            "prefix" when insensitive => new RegexpQuery(new Term(q.Field, CaseInsensitiveRegex(value) + ".*")),
            "prefix" => new PrefixQuery(term),
            "wildcard" => new WildcardQuery(insensitive ? new Term(q.Field, value.ToLowerInvariant()) : term),
            "regexp" => new RegexpQuery(term),
            _ => new FuzzyQuery(term, value.Length <= 2 ? 0 : value.Length <= 5 ? 1 : 2,
                q.Option("prefix_length") is { } p ? JsonValues.GetInt(p, "prefix_length") : 0),
        };
        return kind == "fuzzy" ? Queries.WithBoost(query, q.Boost) : Queries.Constant(query, q.Boost);
    }

    private EsException NumberError(FieldMapping field, JsonElement value) =>
        _ctx.ShardError($"failed to create query: For input string: \"{JsonValues.ScalarText(value)}\"");

    private static string CaseInsensitiveRegex(string literal)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in literal)
        {
            if (char.IsLetter(c) && char.ToLowerInvariant(c) != char.ToUpperInvariant(c))
            {
                sb.Append('[').Append(char.ToLowerInvariant(c)).Append(char.ToUpperInvariant(c)).Append(']');
            }
            else if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('\\').Append(c);
            }
        }

        return sb.ToString();
    }
}
