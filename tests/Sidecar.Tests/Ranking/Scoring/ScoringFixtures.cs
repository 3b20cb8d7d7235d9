using System.Globalization;
using System.Text;
using Sidecar.Configuration;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Ranking.Scoring;
using Sidecar.Search;

namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>Windows of hits parsed from Elasticsearch-shaped JSON and features declared in YAML, as the sidecar builds them.</summary>
internal static class ScoringFixtures
{
    /// <summary>A typical product profile: BM25, rating (missing -> 0.3) and log popularity (z-scored).</summary>
    public const string ProductFeatures = """
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: rating, type: numeric_field, field: rating, weight: 0.6, missing: 0.3 }
              - { name: popularity, type: numeric_field, field: popularity, transform: log1p, normalize: z_score, weight: 0.25 }
        """;

    public static readonly float[] ProductWeights = [1.0f, 0.6f, 0.25f];

    /// <summary>The features declared by a YAML list (indented as under <c>features:</c>), in order.</summary>
    public static IReadOnlyList<IFeature> Features(string yamlFeatures)
    {
        var yaml = $"""
            profiles:
              - name: test
                indices: [products]
                features:
            {yamlFeatures}
            """;
        return new SidecarConfigLoader(FeatureRegistry.CreateDefault()).Load(yaml).Profiles[0].Reranker.Features;
    }

    /// <summary>
    /// A realistic window of <paramref name="n"/> hits (fixed seed): BM25 scores descending with uneven gaps,
    /// ratings 1.0-5.0 (every 7th missing, some as strings), popularity counts 0-50000 (every 5th missing).
    /// </summary>
    public static SearchResponse ProductWindow(int n = 40, int seed = 17)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("""{"took":3,"timed_out":false,"hits":{"total":{"value":5310,"relation":"eq"},"max_score":null,"hits":[""");
        var score = 24.0;
        for (var i = 0; i < n; i++)
        {
            score -= 0.05 + (random.NextDouble() * 0.9);
            var rating = Math.Round(1 + (random.NextDouble() * 4), 1).ToString(CultureInfo.InvariantCulture);
            var popularity = random.Next(0, 50_000);
            sb.Append(i > 0 ? "," : "").Append("{\"_index\":\"products\",\"_id\":\"p").Append(i).Append("\",\"_score\":")
                .Append(score.ToString("R", CultureInfo.InvariantCulture)).Append(",\"_source\":{\"title\":\"product ").Append(i).Append('"');
            if (i % 7 != 3)
            {
                sb.Append(",\"rating\":").Append(i % 4 == 1 ? $"\"{rating}\"" : rating);
            }

            if (i % 5 != 2)
            {
                sb.Append(",\"popularity\":").Append(popularity);
            }

            sb.Append("}}");
        }

        sb.Append("]}}");
        return Parse(sb.ToString());
    }

    /// <summary><paramref name="n"/> hits with descending BM25 scores and ascending <c>rating</c> = rank.</summary>
    public static SearchResponse RatingAscendingWindow(int n)
    {
        var hits = Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"_id\":\"r{i}\",\"_score\":{100 - i},\"_source\":{{\"rating\":{i}}}}}"));
        return Parse("{\"hits\":{\"hits\":[" + string.Join(",", hits) + "]}}");
    }

    public static SearchResponse Parse(string json) =>
        SearchResponse.TryParse(Encoding.UTF8.GetBytes(json)) ?? throw new InvalidOperationException("not a search response");

    public static RerankContext Context(IReranker reranker, bool explain = false, CancellationToken budget = default) =>
        new(new RerankProfile("test", [new IndexPattern("products")], 100, 50, reranker), null, explain) { Budget = budget };

    /// <summary>Loads <paramref name="modelBytes"/> from a file for <paramref name="features"/> and wraps it in a <see cref="ModelReranker"/>.</summary>
    public static ModelReranker ModelReranker(ModelFiles files, IReadOnlyList<IFeature> features, byte[] modelBytes, string name = "ranker.onnx") =>
        (ModelReranker)RerankerFactory.Create(features, new RankingModelOptions { Path = files.Write(name, modelBytes) });
}
