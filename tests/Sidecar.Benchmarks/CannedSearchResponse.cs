using System.Buffers;
using System.Text.Json;

namespace Sidecar.Benchmarks;

/// <summary>
/// A realistic Elasticsearch search response built from the ESCI catalogue: the first <c>hits</c> products in
/// file order, each with its whole <c>_source</c> (bytes as in the catalogue) and, optionally, an
/// <c>embedding</c> of 384 floats as an indexed catalogue carries (unit vectors from a fixed seed, written in
/// the shortest round-trip form the sidecar's own enrichment writes). scripts/bench.sh builds the same shape.
/// </summary>
internal static class CannedSearchResponse
{
    public const int Dimensions = 384;

    public static byte[] Build(int hits, bool embeddings, int seed = 42)
    {
        var products = File.ReadLines(RepoPaths.Products).Take(hits).ToList();
        if (products.Count < hits)
        {
            throw new InvalidOperationException($"the catalogue has {products.Count} products, fewer than {hits}");
        }

        var random = new Random(seed);
        var vector = new float[Dimensions];
        var output = new ArrayBufferWriter<byte>(hits * 8192);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteNumber("took", 7);
        w.WriteBoolean("timed_out", false);
        w.WriteStartObject("_shards");
        w.WriteNumber("total", 1);
        w.WriteNumber("successful", 1);
        w.WriteNumber("skipped", 0);
        w.WriteNumber("failed", 0);
        w.WriteEndObject();
        w.WriteStartObject("hits");
        w.WriteStartObject("total");
        w.WriteNumber("value", 10000);
        w.WriteString("relation", "gte");
        w.WriteEndObject();
        w.WriteNumber("max_score", Score(0));
        w.WriteStartArray("hits");
        for (var i = 0; i < hits; i++)
        {
            using var product = JsonDocument.Parse(products[i]);
            var root = product.RootElement;
            w.WriteStartObject();
            w.WriteString("_index", "products");
            w.WriteString("_id", root.GetProperty("asin").GetString());
            w.WriteNumber("_score", Score(i));
            w.WriteStartObject("_source");
            foreach (var p in root.EnumerateObject())
            {
                w.WritePropertyName(p.Name);
                w.WriteRawValue(p.Value.GetRawText(), skipInputValidation: true);
            }

            if (embeddings)
            {
                RandomUnitVector(random, vector);
                w.WriteStartArray("embedding");
                foreach (var x in vector)
                {
                    w.WriteNumberValue(x);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A BM25-like score that falls with the rank, as Elasticsearch's are ordered.</summary>
    private static double Score(int rank) => Math.Round(14.5 / (1 + (0.02 * rank)), 4);

    private static void RandomUnitVector(Random random, Span<float> v)
    {
        double norm = 0;
        for (var i = 0; i < v.Length; i++)
        {
            // Box-Muller: normally distributed components give uniformly distributed directions.
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[i] = (float)g;
            norm += g * g;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < v.Length; i++)
        {
            v[i] *= scale;
        }
    }
}
