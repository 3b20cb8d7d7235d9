using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Sidecar.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing of every endpoint against one real sidecar: thousands of generated requests each, and
/// for every one no 5xx, no hang, no crash, and an Elasticsearch-shaped error that says what is wrong.
/// </summary>
public sealed class SearchFuzzTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    private static readonly Gen<byte[]> Oversized = Gen.Choose(FuzzServer.MaxBody + 1, FuzzServer.MaxBody * 2)
        .Select(n => Encoding.UTF8.GetBytes("{\"query\":{\"match\":{\"title\":\"" + new string('a', n) + "\"}}}"));

    [Fact]
    public async Task Fuzz_SearchBodies_NoCrashNoHangNo5xx_ErrorsSayWhatIsWrong()
    {
        var cases =
            from body in Gen.Frequency((99, FuzzGen.SearchBody), (1, Oversized))
            from path in Gen.Elements("/products/_search", "/products/_search?size=5", "/products/_search?from=3&size=7&_source=title")
            from method in Gen.Frequency((4, Gen.Constant("POST")), (1, Gen.Constant("GET")))
            select new FuzzServer.Case(method, path, body, "application/json", []);

        await server.FuzzAsync(cases, 3000, (response, body) =>
            (int)response.StatusCode == 413 && !Encoding.UTF8.GetString(body).Contains("request_entity_too_large_exception", StringComparison.Ordinal)
                ? "413 without request_entity_too_large_exception"
                : null);
    }

    [Fact]
    public async Task Fuzz_SearchQueryStringsHeadersAndMethods_NoCrashNoHangNo5xx()
    {
        var cases =
            from method in FuzzGen.Method
            from path in Gen.Elements("/products/_search", "/products/_search/", "/_search", "/products/_count", "/products/_doc/1", "/",
                "/products,other/_search", "/_all/_search", "/products/_msearch")
            from query in FuzzGen.QueryString
            from headers in FuzzGen.Headers
            from body in Gen.Frequency((2, FuzzGen.SearchJson.Select(j => (byte[]?)Encoding.UTF8.GetBytes(j))), (1, Gen.Constant<byte[]?>(null)))
            select new FuzzServer.Case(method, path + query, method is "GET" or "HEAD" or "TRACE" ? null : body, "application/json", headers);

        await server.FuzzAsync(cases, 2000);
    }
}

public sealed class AdminFuzzTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    private static readonly Gen<string> Event =
        from id in Gen.Frequency((3, FuzzGen.Word.Select(w => "\"e-" + w + "\"")), (1, FuzzGen.Scalar))
        from user in Gen.Frequency((3, Gen.Elements("\"u1\"", "\"user-42\"", "\"a@b.c\"")), (1, FuzzGen.Scalar), (1, Gen.Constant("\"" + new string('u', 300) + "\"")))
        from type in Gen.Frequency((3, Gen.Elements("\"click\"", "\"view\"", "\"purchase\"", "\"add_to_cart\"")), (1, FuzzGen.Scalar))
        from item in Gen.Frequency((3, Gen.Elements("\"d1\"", "\"d2\"", "\"B00X\"")), (1, FuzzGen.Scalar))
        from ts in Gen.Frequency((2, Gen.Elements("\"2026-01-01T00:00:00Z\"", "1767225600000", "\"now\"", "-1", "1e30", "\"2999-01-01T00:00:00Z\"")), (1, FuzzGen.Scalar))
        from extra in FuzzGen.Value(2)
        from drop in Gen.Choose(0, 6)
        select "{" + string.Join(",", new[]
        {
            "\"event_id\":" + id, "\"user_id\":" + user, "\"type\":" + type, "\"item_id\":" + item, "\"index\":\"products\"",
            "\"timestamp\":" + ts, "\"query\":\"wireless headphones\"", "\"x\":" + extra,
        }.Where((_, i) => i != drop)) + "}";

    // Lone surrogate escapes ("\ud800") in NDJSON event fields make the events endpoint answer 500 (known bug, see
    // Events_LoneSurrogateEscape_Is400NotA500 below); they are kept out of the generated events until it is fixed.
    private static string NoLoneSurrogates(string json) => json.Replace("\\ud800", "\\u00e9", StringComparison.Ordinal);

    private static readonly Gen<byte[]> EventsBody = Gen.Frequency(
        (4, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Event, n)).Select(es => Encoding.UTF8.GetBytes(NoLoneSurrogates("{\"events\":[" + string.Join(",", es) + "]}")))),
        (1, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Event, n)).Select(es => Encoding.UTF8.GetBytes(NoLoneSurrogates(string.Join("\n", es) + "\n")))),
        (2, FuzzGen.Mutated(FuzzGen.Value(3).Select(NoLoneSurrogates))),
        (1, FuzzGen.Mutated(Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Event, n)).Select(es => NoLoneSurrogates("{\"events\":[" + string.Join(",", es) + "]}")))));

    [Fact]
    public async Task Fuzz_RerankEndpoints_NoCrashNoHangNo5xx_ErrorsSayWhatIsWrong()
    {
        var cases =
            from path in Gen.Frequency(
                (4, Gen.Elements("/_rerank/events", "/_rerank/events?refresh=true")),
                (3, Gen.Elements("/_rerank/health", "/_rerank/ready", "/_rerank/metrics", "/_rerank/config", "/_rerank", "/_rerank/", "/_rerank/nope",
                    "/_rerank/events/extra", "/_rerank//health", "/_rerank/health/", "/_rerank/users/", "/_rerank/users/%00", "/_rerank/users/a%2Fb")),
                (2, FuzzGen.Word.Select(w => "/_rerank/users/" + Uri.EscapeDataString(w))))
            from method in Gen.Frequency((5, Gen.Constant("POST")), (2, Gen.Constant("GET")), (2, Gen.Constant("DELETE")), (1, FuzzGen.Method))
            from key in Gen.Frequency((6, Gen.Constant<string?>(FuzzServer.AdminKey)), (2, Gen.Constant<string?>(null)),
                (1, Gen.Elements<string?>("wrong", FuzzServer.AdminKey + " ", "", FuzzServer.AdminKey.ToUpperInvariant())))
            from duplicateKey in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
            from body in EventsBody
            from contentType in Gen.Elements<string?>("application/json", "application/x-ndjson", "text/plain", null)
            select new FuzzServer.Case(method, path, method is "GET" or "HEAD" or "TRACE" ? null : body, contentType,
                key is null ? [] : duplicateKey ? [("X-Rerank-Api-Key", key), ("X-Rerank-Api-Key", key)] : [("X-Rerank-Api-Key", key)]);

        await server.FuzzAsync(cases, 2000);
    }

    [Theory]
    [InlineData("""{"event_id":"\ud800","user_id":"u1","type":"click","item_id":"d1","index":"products"}""")]
    [InlineData("""{"event_id":"e1","user_id":"u1","type":"click","item_id":"\udfff","index":"products"}""")]
    public async Task Events_LoneSurrogateEscape_Is400NotA500(string ndjsonLine)
    {
        var body = ndjsonLine + "\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_rerank/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Rerank-Api-Key", FuzzServer.AdminKey);
        using var response = await server.Sidecar.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode is 400 or 200, $"HTTP {(int)response.StatusCode}"); // rejected as invalid, never a 5xx
    }
}

public sealed class WriteFuzzTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    private static readonly Gen<string> Action =
        from op in Gen.Elements("index", "create", "update", "delete", "INDEX", "")
        from index in Gen.Elements("\"products\"", "\"other\"", "\"products,other\"", "5", "null", "\"_all\"", "\"\"", "\"prod*\"")
        from id in Gen.Frequency((3, FuzzGen.Word.Select(w => "\"" + w + "\"")), (1, FuzzGen.Scalar))
        from withIndex in Gen.Elements(true, true, false)
        select "{\"" + op + "\":{" + (withIndex ? "\"_index\":" + index + "," : "") + "\"_id\":" + id + "}}";

    private static readonly Gen<string> Document = Gen.Frequency(
        (3, Gen.Zip(FuzzGen.Word, FuzzGen.Scalar, (t, p) => "{\"title\":\"" + t + "\",\"brand\":\"b\",\"category\":[\"c\",\"d\"],\"price\":" + p + "}")),
        (1, FuzzGen.Value(3).Select(v => "{\"doc\":" + v + "}")),
        (2, FuzzGen.Value(3)),
        (1, Gen.Elements("not json", "", "{", "{\"title\":\"\\ud800\"}", "{\"embedding\":[1,2,\"x\"]}", "{\"title\":" + new string('[', 300) + "}")));

    private static readonly Gen<string> Ndjson =
        from n in Gen.Choose(0, 8)
        from lines in Gen.ArrayOf(Gen.Zip(Action, Document, (a, d) => a.Contains("\"delete\"", StringComparison.Ordinal) ? a : a + "\n" + d), n)
        from trailing in Gen.Elements("\n", "\n", "", "\n\n", "\r\n")
        select string.Join("\n", lines) + trailing;

    [Fact]
    public async Task Fuzz_BulkWrites_NoCrashNoHangNo5xx()
    {
        var cases =
            from path in Gen.Elements("/_bulk", "/products/_bulk", "/_bulk?refresh=true", "/other/_bulk", "/products/_bulk?pipeline=x&routing=1")
            from body in FuzzGen.Mutated(Ndjson)
            from contentType in Gen.Elements<string?>("application/x-ndjson", "application/json", "text/plain", null)
            from headers in Gen.Frequency((9, Gen.Constant(Array.Empty<(string, string)>())), (1, FuzzGen.Headers))
            select new FuzzServer.Case("POST", path, body, contentType, headers);

        await server.FuzzAsync(cases, 2000);
    }

    [Fact]
    public async Task Fuzz_DocumentWrites_NoCrashNoHangNo5xx()
    {
        var cases =
            from method in Gen.Elements("PUT", "POST", "PUT", "POST", "DELETE", "PATCH")
            from id in FuzzGen.Word.Select(w => Uri.EscapeDataString(w.Length == 0 ? "x" : w))
            from path in Gen.Elements("/products/_doc/{0}", "/products/_doc", "/products/_create/{0}", "/products/_update/{0}", "/other/_doc/{0}",
                "/products/_doc/{0}?refresh=wait_for&op_type=create", "/products/_doc/{0}/extra")
            from body in FuzzGen.Mutated(Document)
            select new FuzzServer.Case(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id), body, "application/json", []);

        await server.FuzzAsync(cases, 2000);
    }
}
