using BenchmarkDotNet.Attributes;
using Sidecar.Proxy;
using Sidecar.Ranking;
using Sidecar.Search;

namespace Sidecar.Benchmarks;

/// <summary>
/// Stage 6 and the parse before stage 4: a 100-hit Elasticsearch response (products with their whole
/// <c>_source</c>, with or without a 384-float <c>embedding</c>) parsed with <see cref="SearchResponse.TryParse"/>
/// and the client's page of 10 written with <see cref="SearchResponseWriter.Write"/> in a new order, against a
/// baseline that only copies the response bytes into the same kind of pooled buffer.
/// </summary>
[Config(typeof(BenchConfig))]
public class ParsingBenchmarks
{
    private const int Hits = 100;

    private byte[] _response = [];
    private SearchPlan _page = null!;
    private SearchPlan _filteredPage = null!;
    private RerankResult _result = null!;

    /// <summary>Whether each hit's <c>_source</c> carries a 384-float <c>embedding</c> (as an indexed catalogue does).</summary>
    [Params(true, false)]
    public bool Embeddings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _response = CannedSearchResponse.Build(Hits, Embeddings);
        _page = SearchRequestAnalyzer.Analyze("""{"size":10,"query":{"match":{"title":"wireless headphones"}}}"""u8.ToArray(),
            new QueryParameters(null), Hits);
        _filteredPage = SearchRequestAnalyzer.Analyze(
            """{"size":10,"_source":["title","brand","category","rating","price"],"query":{"match":{"title":"wireless headphones"}}}"""u8.ToArray(),
            new QueryParameters(null), Hits);

        // A new order (reversed) with scores, as a reranker returns it.
        var order = Enumerable.Range(0, Hits).Reverse().ToArray();
        var scores = Enumerable.Range(0, Hits).Select(i => (double)i / Hits).ToArray();
        _result = new RerankResult(order, scores, null);
        Console.WriteLine($"// response: {Hits} hits, {_response.Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _page.Dispose();
        _filteredPage.Dispose();
    }

    [Benchmark(Baseline = true, Description = "copy response bytes")]
    public int CopyBytes()
    {
        using var output = new PooledBuffer(_response.Length + 1024);
        _response.CopyTo(output.GetSpan(_response.Length));
        output.Advance(_response.Length);
        return output.Length;
    }

    [Benchmark(Description = "TryParse")]
    public int Parse()
    {
        using var response = SearchResponse.TryParse(_response)!;
        return response.Hits.Length;
    }

    [Benchmark(Description = "TryParse + Write page of 10")]
    public int ParseAndWrite()
    {
        using var response = SearchResponse.TryParse(_response)!;
        using var output = new PooledBuffer(_response.Length + 1024);
        SearchResponseWriter.Write(output, response, _page, null, _result, null);
        return output.Length;
    }

    [Benchmark(Description = "TryParse + Write page of 10, _source filtered back")]
    public int ParseAndWriteFiltered()
    {
        using var response = SearchResponse.TryParse(_response)!;
        using var output = new PooledBuffer(_response.Length + 1024);
        SearchResponseWriter.Write(output, response, _filteredPage, _filteredPage.Source, _result, null);
        return output.Length;
    }
}
