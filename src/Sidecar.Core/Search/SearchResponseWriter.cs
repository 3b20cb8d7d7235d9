using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Sidecar.Ranking;
using Sidecar.Ranking.Features;

namespace Sidecar.Search;

/// <summary>
/// Writes the client's answer from the first-stage response: the client's page of the new order,
/// <c>_score</c>/<c>max_score</c> set to the rerank scores, <c>_source</c> restored to what the
/// client asked for, optional <c>_rerank</c> explanations, and every other part copied as raw JSON.
/// With no <see cref="RerankResult"/> it writes the client's page in upstream order (fail-open).
/// </summary>
public static class SearchResponseWriter
{
    public static void Write(IBufferWriter<byte> output, SearchResponse response, SearchPlan plan,
        SourceSpec? restoreSource, RerankResult? result, IReadOnlyList<IFeature>? explainFeatures)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        foreach (var p in response.Document.RootElement.EnumerateObject())
        {
            writer.WritePropertyName(p.Name);
            if (p.NameEquals("hits"u8))
            {
                WriteHitsObject(writer, p.Value, response.Hits, plan, restoreSource, result, explainFeatures);
            }
            else
            {
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(p.Value), skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteHitsObject(Utf8JsonWriter writer, JsonElement hitsObj, SearchHit[] hits, SearchPlan plan,
        SourceSpec? restoreSource, RerankResult? result, IReadOnlyList<IFeature>? explainFeatures)
    {
        writer.WriteStartObject();
        foreach (var p in hitsObj.EnumerateObject())
        {
            writer.WritePropertyName(p.Name);
            if (p.NameEquals("max_score"u8) && result is not null && hits.Length > 0)
            {
                writer.WriteNumberValue(result.Scores[result.Order[0]]);
            }
            else if (p.NameEquals("hits"u8))
            {
                writer.WriteStartArray();
                var end = (int)Math.Min((long)plan.From + plan.Size, hits.Length);
                for (var r = plan.From; r < end; r++)
                {
                    var index = result?.Order[r] ?? r;
                    WriteHit(writer, hits[index], r, restoreSource, result, explainFeatures, hits.Length);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(p.Value), skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteHit(Utf8JsonWriter writer, in SearchHit hit, int newRank, SourceSpec? restoreSource,
        RerankResult? result, IReadOnlyList<IFeature>? explainFeatures, int n)
    {
        writer.WriteStartObject();
        foreach (var p in hit.Hit.EnumerateObject())
        {
            if (p.NameEquals("_score"u8) && result is not null)
            {
                writer.WriteNumber("_score"u8, result.Scores[hit.Rank]);
            }
            else if (p.NameEquals("_source"u8) && restoreSource is not null)
            {
                if (restoreSource.Enabled)
                {
                    writer.WritePropertyName("_source"u8);
                    SourceFilter.Write(writer, p.Value, restoreSource);
                }
            }
            else
            {
                writer.WritePropertyName(p.Name);
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(p.Value), skipInputValidation: true);
            }
        }

        if (result?.FeatureValues is { } values && explainFeatures is not null)
        {
            WriteExplanation(writer, hit, newRank, result.Scores[hit.Rank], values, explainFeatures, n);
        }

        writer.WriteEndObject();
    }

    private static void WriteExplanation(Utf8JsonWriter writer, in SearchHit hit, int newRank, double score,
        double[] values, IReadOnlyList<IFeature> features, int n)
    {
        writer.WriteStartObject("_rerank"u8);
        writer.WriteNumber("score"u8, score);
        writer.WriteNumber("rank"u8, newRank);
        writer.WriteNumber("rank_before"u8, hit.Rank);
        if (hit.Score is { } before)
        {
            writer.WriteNumber("score_before"u8, before);
        }
        else
        {
            writer.WriteNull("score_before"u8);
        }

        writer.WriteStartObject("features"u8);
        for (var f = 0; f < features.Count; f++)
        {
            var v = values[(f * n) + hit.Rank];
            writer.WriteStartObject(features[f].Name);
            writer.WriteNumber("value"u8, double.IsFinite(v) ? v : 0);
            writer.WriteNumber("weight"u8, features[f].Weight);
            writer.WriteNumber("contribution"u8, double.IsFinite(v) ? v * features[f].Weight : 0);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
