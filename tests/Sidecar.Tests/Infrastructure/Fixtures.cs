using System.Globalization;
using System.Text;
using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Proxy;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Tests.Infrastructure;

/// <summary>Builders for upstream responses, plans and profiles used across unit tests.</summary>
internal static class Fixtures
{
    /// <summary>An Elasticsearch response with <paramref name="n"/> hits, scores descending, rating ascending.</summary>
    public static string Response(int n, bool withAggs = true)
    {
        var sb = new StringBuilder();
        sb.Append("""{"took":7,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":1234,"relation":"eq"},"max_score":""");
        sb.Append(n > 0 ? "10.0" : "null").Append(""","hits":[""");
        for (var i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var score = (10.0 - (i * 0.01)).ToString("0.00", CultureInfo.InvariantCulture);
            sb.Append("{\"_index\":\"products\",\"_id\":\"d").Append(i).Append("\",\"_score\":").Append(score)
                .Append(",\"_source\":{\"title\":\"item ").Append(i).Append("\",\"rating\":").Append(i % 50)
                .Append(",\"brand\":\"b").Append(i % 3).Append("\"}}");
        }

        sb.Append("]}");
        if (withAggs)
        {
            sb.Append(""","aggregations":{"brands":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"b0","doc_count":34}]}}""");
        }

        sb.Append('}');
        return sb.ToString();
    }

    public static SearchPlan Plan(string body = "", string? query = null, int window = 100) =>
        SearchRequestAnalyzer.Analyze(Encoding.UTF8.GetBytes(body), new QueryParameters(query), window);

    public static RerankProfile Profile(string yamlFeatures, int window = 100)
    {
        var yaml = $"""
            profiles:
              - name: test
                indices: [products]
                window: {window}
                features:
            {yamlFeatures}
            """;
        return new SidecarConfigLoader(FeatureRegistry.CreateDefault()).Load(yaml).Profiles[0];
    }

    /// <summary>Rating is the only feature, so the new order is by rating descending.</summary>
    public static RerankProfile ByRating(int window = 100) => Profile("""
              - name: rating
                type: numeric_field
                field: rating
                normalize: none
        """, window);

    public static string Write(SearchResponse response, SearchPlan plan, SourceSpec? restore, RerankResult? result,
        IReadOnlyList<IFeature>? explain = null)
    {
        using var buffer = new PooledBuffer();
        SearchResponseWriter.Write(buffer, response, plan, restore, result, explain);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string[] Ids(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray()
            .Select(h => h.GetProperty("_id").GetString()!).ToArray();
    }
}
