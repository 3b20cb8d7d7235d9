using BenchmarkDotNet.Attributes;
using Sidecar.Text;

namespace Sidecar.Benchmarks;

/// <summary>
/// Stage 2b: query understanding (<see cref="QueryAnalyzer"/>: normalise, segment with the jieba dictionary for
/// Chinese, drop stop words) on English and Chinese queries, and extracting the query text from a search body.
/// Baseline: normalisation alone (<see cref="TextNormalizer.Normalize"/>).
/// </summary>
[Config(typeof(BenchConfig))]
public class QueryAnalysisBenchmarks
{
    private byte[] _body = [];

    [Params("noise cancelling headphones", "华为智能手机 5G", "蓝牙降噪耳机", "sony 蓝牙耳机 wireless")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _ = QueryAnalyzer.Default.Analyze("华为智能手机 5G"); // loads the jieba dictionary once
        _body = System.Text.Encoding.UTF8.GetBytes(
            """{"size":10,"query":{"bool":{"must":[{"multi_match":{"query":""" + System.Text.Json.JsonSerializer.Serialize(Query) +
            ""","fields":["title^2","brand","category"]}}],"filter":[{"range":{"price":{"lte":200}}}]}}}""");
    }

    [Benchmark(Baseline = true, Description = "TextNormalizer.Normalize")]
    public string Normalize() => TextNormalizer.Normalize(Query);

    [Benchmark(Description = "QueryAnalyzer.Analyze")]
    public AnalyzedQuery Analyze() => QueryAnalyzer.Default.Analyze(Query);

    [Benchmark(Description = "extract from body + Analyze")]
    public AnalyzedQuery ExtractAndAnalyze() => QueryAnalyzer.Default.Analyze(QueryTextExtractor.ExtractFromBody(_body));
}
