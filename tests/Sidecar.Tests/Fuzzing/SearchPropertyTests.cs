using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Sidecar.Ranking;
using Sidecar.Search;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Fuzzing;

/// <summary>Unit-level properties of request analysis, _source filtering and paging, over thousands of generated inputs.</summary>
public sealed class SearchPropertyTests
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(5000).WithQuietOnSuccess(true);

    private static readonly Gen<byte[]> AnyBytes = Gen.Frequency((3, FuzzGen.SearchBody), (1, FuzzGen.RandomBytes(300)));

    [Fact]
    public void Analyze_AnyBytesAndQuery_NeverThrows_AndARerankablePlanIsWithinTheWindow()
    {
        var property = Prop.ForAll(Arb.From(AnyBytes), Arb.From(FuzzGen.QueryString), Arb.From(Gen.Choose(1, 200)), (body, query, window) =>
        {
            using var plan = SearchRequestAnalyzer.Analyze(body, new QueryParameters(query), window);
            if (plan.CanRerank)
            {
                Assert.InRange(plan.From, 0, window - 1);
                Assert.InRange(plan.Size, 1, window - plan.From);
                _ = plan.Source.WidenFor(["rating", "title"]);
                _ = Sidecar.Text.QueryTextExtractor.Extract(plan.Query); // what the search path reads next must not throw either
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(plan.SkipReason));
            }
        });
        Check.One(Many, property);
    }

    [Fact]
    public void QueryParameters_AnyText_NeverThrows()
    {
        var text = Gen.Frequency((3, FuzzGen.QueryString), (1, FuzzGen.RandomBytes(80).Select(b => Encoding.Latin1.GetString(b))));
        Check.One(Many, Prop.ForAll(Arb.From(text), q =>
        {
            var p = new QueryParameters(q);
            _ = p.Get("size");
            _ = p.Without("from", "size", "_source");
        }));
    }

    private static readonly Gen<string> Pattern = Gen.Frequency(
        (4, Gen.Elements("title", "brand", "meta", "meta.a", "meta.b.c", "*", "t*", "*.c", "meta.*", "m*.b", "x", "", ".", "**", "*a*", "tags")),
        (1, FuzzGen.Word));

    private static readonly Gen<SourceSpec> Spec =
        from enabled in Gen.Elements(true, true, true, false)
        from includes in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Pattern, n))
        from excludes in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Pattern, n))
        select new SourceSpec(enabled, includes, excludes);

    private static readonly Gen<string> SourceObject = FuzzGen.Value(4).Select(v => "{\"title\":\"t\",\"meta\":{\"a\":1,\"b\":{\"c\":2,\"d\":" + v + "}},\"x\":" + v + "}");

    [Fact]
    public void SourceFilter_AnySourceAndSpec_NeverThrows_WritesValidJsonWithoutExcludedFields()
    {
        Check.One(Many, Prop.ForAll(Arb.From(SourceObject), Arb.From(Spec), (json, spec) =>
        {
            using var doc = JsonDocument.Parse(json);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                SourceFilter.Write(w, doc.RootElement, spec);
            }

            using var written = JsonDocument.Parse(buffer.WrittenMemory);
            Assert.Equal(JsonValueKind.Object, written.RootElement.ValueKind);
            foreach (var exclude in spec.Excludes.Where(e => e is "title" or "meta" or "x"))
            {
                Assert.False(written.RootElement.TryGetProperty(exclude, out _), $"{exclude} excluded but written");
            }
        }));
    }

    [Fact]
    public void Pages_WithinTheWindow_AreSlicesOfOneBigPage()
    {
        var profile = Fixtures.ByRating();
        var cases =
            from hits in Gen.Choose(0, 150)
            from f in Gen.Choose(0, 99)
            from size in Gen.Choose(1, 100 - f)
            from reranked in Gen.Elements(true, false)
            select (hits, f, size, reranked);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(cases), c =>
        {
            using var response = SearchResponse.TryParse(Encoding.UTF8.GetBytes(Fixtures.Response(c.hits)))!;
            var result = c.reranked ? profile.Reranker.Rerank(new RerankContext(profile, null, false), response.Hits) : null;
            using var big = Fixtures.Plan($$"""{"from":0,"size":{{c.f + c.size}}}""");
            using var page = Fixtures.Plan($$"""{"from":{{c.f}},"size":{{c.size}}}""");
            Assert.True(big.CanRerank && page.CanRerank);
            var all = Fixtures.Ids(Fixtures.Write(response, big, null, result));
            var slice = Fixtures.Ids(Fixtures.Write(response, page, null, result));
            Assert.Equal(all.Skip(c.f).Take(c.size), slice);
        }));
    }
}
