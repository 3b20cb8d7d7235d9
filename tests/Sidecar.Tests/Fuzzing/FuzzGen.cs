using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Sidecar.Tests.Fuzzing;

/// <summary>FsCheck generators of hostile inputs: JSON-ish search bodies, query strings, headers, methods, admin and write bodies.</summary>
internal static class FuzzGen
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Gen<string> Word { get; } =
        Gen.Choose(0, 10).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz_.*09 -".ToCharArray()), n)).Select(c => new string(c));

    /// <summary>Numbers of every shape: small, negative, huge, beyond int/long/double, floats, exponents.</summary>
    public static Gen<string> Number { get; } = Gen.OneOf(
        Gen.Choose(-1000, 1000).Select(i => i.ToString(Inv)),
        Gen.Choose(0, 1_000_000).Select(i => (i / 7.0).ToString("R", Inv)),
        Gen.Elements("0", "-0", "1e3", "1E400", "-1e400", "99999999999", "9223372036854775808", "-2147483649", "2147483647", "2147483648",
            "1.5", "-0.0", "10.0", "0.1e1", "1e-400", "123456789012345678901234567890", "100", "101", "90", "95"));

    public static Gen<string> StringLiteral { get; } = Gen.OneOf(
        Word.Select(w => "\"" + w + "\""),
        Gen.Elements("\"\"", "\"10\"", "\"ten\"", "\"-1\"", "\" 5\"", "\"5 \"", "\"1e2\"", "\"0x10\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\\"\"",
            "\"é\"", "\"中文\"", "\"_score\"", "\"title\"", "\"*\"", "\"a.b.*\"", "\"99999999999\"", "\"+5\""));

    public static Gen<string> Scalar { get; } = Gen.Frequency((3, Number), (3, StringLiteral), (1, Gen.Elements("true", "false", "null")));

    private static readonly Gen<string> Key = Gen.Frequency(
        (4, Gen.Elements("query", "from", "size", "_source", "sort", "match", "title", "bool", "must", "aggs", "terms", "field", "includes",
            "excludes", "x", "", "a.b", "order", "_score", "track_total_hits", "search_after", "collapse", "rescore", "pit", "retriever")),
        (1, Word));

    /// <summary>Any JSON value up to <paramref name="depth"/> levels of arrays and objects (built bottom-up: no exponential generator tree).</summary>
    public static Gen<string> Value(int depth)
    {
        var gen = Scalar;
        for (var i = 0; i < depth; i++)
        {
            var inner = gen;
            var array = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(inner, n)).Select(a => "[" + string.Join(",", a) + "]");
            var obj = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Zip(Key, inner, (k, v) => (k, v)), n))
                .Select(a => "{" + string.Join(",", a.Select(p => "\"" + p.Item1 + "\":" + p.Item2)) + "}");
            gen = Gen.Frequency((3, Scalar), (1, array), (1, obj));
        }

        return gen;
    }

    public static Gen<string> FromOrSize { get; } = Gen.Frequency(
        (6, Gen.Choose(0, 120).Select(i => i.ToString(Inv))),
        (3, Number),
        (2, Gen.Choose(-5, 150).Select(i => "\"" + i.ToString(Inv) + "\"")),
        (2, StringLiteral),
        (1, Gen.Elements("null", "true", "[]", "{}", "[1]", "{\"a\":1}")));

    /// <summary>Nesting from 1 to 1000 levels: bool/must chains, plain arrays, objects; balanced or not.</summary>
    public static Gen<string> Deep { get; } =
        from depth in Gen.Choose(1, 1000)
        from kind in Gen.Choose(0, 3)
        select kind switch
        {
            0 => Repeat("{\"bool\":{\"must\":[", depth) + "{\"match_all\":{}}" + Repeat("]}}", depth),
            1 => Repeat("[", depth) + Repeat("]", depth),
            2 => Repeat("{\"a\":", depth) + "1" + Repeat("}", depth),
            _ => Repeat("{\"bool\":{\"must\":[", depth) + Repeat("]}", depth / 2),
        };

    public static Gen<string> Query { get; } = Gen.Frequency(
        (4, Word.Select(w => "{\"match\":{\"title\":\"" + w + "\"}}")),
        (1, Gen.Elements("{\"match_all\":{}}", "{}", "null", "\"phone\"", "[]", "{\"multi_match\":{\"query\":\"a b\",\"fields\":[\"title^2\",5]}}")),
        (2, Value(3)),
        (1, Deep));

    public static Gen<string> Source { get; } = Gen.Frequency(
        (4, Gen.Elements("true", "false", "\"title\"", "\"*\"", "[]", "[\"title\",\"rat*\"]", "{\"includes\":[\"title\"]}", "{\"excludes\":[\"*\"]}",
            "{\"include\":\"a\",\"exclude\":\"b\"}", "{\"includes\":\"title\",\"excludes\":[\"brand\"]}", "null", "1", "{\"includes\":[1,2]}",
            "[[\"x\"]]", "{\"includes\":{}}", "\"\"", "[\"\"]", "{\"excludes\":[\"rating\"]}", "[\"*.*.*\",\"**\",\"a*b*c*d*e*f*\"]")),
        (1, Value(2)));

    public static Gen<string> Sort { get; } = Gen.Frequency(
        (4, Gen.Elements("\"_score\"", "[\"_score\"]", "{\"_score\":\"asc\"}", "{\"_score\":{\"order\":\"desc\"}}", "[{\"price\":{\"order\":\"desc\"}}]",
            "\"price\"", "42", "null", "[]", "{}", "[\"_score\",\"price\"]", "{\"_score\":\"desc\"}", "[{\"_score\":{\"order\":5}}]")),
        (1, Value(2)));

    private static Gen<string?> Maybe(Gen<string> gen, int percent) =>
        Gen.Choose(1, 100).SelectMany(p => p <= percent ? gen.Select(v => (string?)v) : Gen.Constant<string?>(null));

    /// <summary>A valid-ish search body as JSON text.</summary>
    public static Gen<string> SearchJson { get; } =
        from f in Maybe(FromOrSize, 50)
        from size in Maybe(FromOrSize, 60)
        from query in Maybe(Query, 70)
        from source in Maybe(Source, 30)
        from sort in Maybe(Sort, 20)
        from extra in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Gen.Zip(Key, Value(2), (k, v) => (k, v)), n))
        select "{" + string.Join(",", new[] { ("from", f), ("size", size), ("query", query), ("_source", source), ("sort", sort) }
            .Where(p => p.Item2 is not null).Select(p => "\"" + p.Item1 + "\":" + p.Item2)
            .Concat(extra.Select(p => "\"" + p.Item1 + "\":" + p.Item2))) + "}";

    private static readonly byte[][] InvalidUtf8 = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]];

    public static Gen<byte[]> RandomBytes(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    /// <summary>JSON text turned into hostile bytes: as is, truncated, with invalid UTF-8 inside, random bytes, blank.</summary>
    public static Gen<byte[]> Mutated(Gen<string> json) =>
        from text in json
        from how in Gen.Choose(0, 99)
        from at in Gen.Choose(0, Math.Max(0, text.Length))
        from bad in Gen.Elements(InvalidUtf8)
        from noise in RandomBytes(64)
        select how switch
        {
            < 60 => Encoding.UTF8.GetBytes(text),
            < 72 => Encoding.UTF8.GetBytes(text[..at]),
            < 84 => Encoding.UTF8.GetBytes(text[..at]).Concat(bad).Concat(Encoding.UTF8.GetBytes(text[at..])).ToArray(),
            < 92 => noise,
            < 96 => Encoding.UTF8.GetBytes(new string(' ', at % 5) + (at % 2 == 0 ? "" : "\n")),
            _ => Encoding.UTF8.GetBytes(text).Concat(Enumerable.Repeat((byte)'\n', 2)).ToArray(),
        };

    public static Gen<byte[]> SearchBody { get; } = Mutated(SearchJson);

    private static readonly string[] ParamNames =
        ["from", "size", "_source", "_source_includes", "_source_excludes", "sort", "q", "scroll", "track_total_hits", "request_cache", "pretty",
         "", "%zz", "a%00b", "size%00", "from[]", "SIZE", "_source_include", "search_type", "rest_total_hits_as_int"];

    private static readonly string[] ParamValues =
        ["", "0", "5", "-1", "99999999999", "1.5", "ten", "%", "%zz", "%ff", "%c3%28", "_score", "_score:desc", "price:asc", "false", "true",
         "title,brand", "1m", "%2B1", "+5", "1e9", "%00", "a&b", "%26", "title*", new string('x', 3000)];

    /// <summary>A URL query: repeated, unknown, empty and badly encoded parameters.</summary>
    public static Gen<string> QueryString { get; } =
        Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(ParamNames), Gen.Elements(ParamValues), (k, v) => (k, v)), n))
            .SelectMany(ps => Gen.Elements("", "?").Select(lead => ps.Length == 0 ? lead
                : "?" + string.Join("&", ps.Select(p => p.Item2.Length == 0 && p.Item1.Length > 3 ? p.Item1 : p.Item1 + "=" + p.Item2))));

    public static Gen<string> Method { get; } = Gen.Frequency(
        (6, Gen.Elements("GET", "POST")),
        (3, Gen.Elements("PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "BREW", "PROPFIND", "M-SEARCH", "get", "Post", "X")));

    private static readonly Gen<string> HeaderValue = Gen.OneOf(
        Word,
        Gen.Elements("true", "1", "yes", "TRUE", "gzip", "br", "deflate", "identity", "x-gzip", "compress", "gzip, br", "application/json",
            "text/plain", "application/x-ndjson; charset=latin1", "ApiKey Zm9vOmJhcg==", "Basic !!!", "user-42", "@:.-_", "*/*",
            "u" + new string('9', 200)));

    /// <summary>Headers: odd names, duplicates, encodings the body does not have, and sometimes more than Kestrel accepts.</summary>
    public static Gen<(string Name, string Value)[]> Headers { get; } = Gen.Frequency(
        (12, Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(
            "X-Rerank-Explain", "X-User-Id", "Content-Encoding", "Accept-Encoding", "Authorization", "X-Rerank-Api-Key", "X-Opaque-Id",
            "X-A.B", "X-!#$%&'*+-.^_`|~", "x-rerank", "X-RERANK-API-KEY", "traceparent", "Accept", "X-Forwarded-Host", "Expect-Nothing"),
            HeaderValue, (k, v) => (k, v)), n))),
        (1, Gen.Choose(33, 80).Select(k => new[] { ("X-Huge", new string('h', k * 1024)) })),      // > 32 KiB of headers: 431
        (1, Gen.Choose(90, 140).Select(n => Enumerable.Range(0, n).Select(i => ("X-Many-" + i, "v")).ToArray()))); // > 100 headers: 431

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
}
