using System.Text.Json;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Search;

/// <summary>Writes a search response in the Elasticsearch shape.</summary>
public static class SearchResponseWriter
{
    public static void Write(Utf8JsonWriter w, SearchResult r, int? status = null)
    {
        var request = r.Request;
        w.WriteStartObject();
        w.WriteNumber("took", r.TookMillis);
        w.WriteBoolean("timed_out", false);
        w.WritePropertyName("_shards");
        w.WriteStartObject();
        w.WriteNumber("total", r.Shards);
        w.WriteNumber("successful", r.Shards);
        w.WriteNumber("skipped", 0);
        w.WriteNumber("failed", 0);
        w.WriteEndObject();

        w.WritePropertyName("hits");
        w.WriteStartObject();
        WriteTotal(w, r.TotalHits, request);
        if (r.MaxScore is { } max)
        {
            w.WritePropertyName("max_score");
            JsonValues.WriteFloat(w, max);
        }
        else
        {
            w.WriteNull("max_score");
        }

        w.WritePropertyName("hits");
        w.WriteStartArray();
        foreach (var hit in r.Hits)
        {
            WriteHit(w, hit, request);
        }

        w.WriteEndArray();
        w.WriteEndObject();

        if (r.AggregationsJson is { } aggregations)
        {
            using var doc = JsonDocument.Parse(aggregations);
            w.WritePropertyName("aggregations");
            doc.RootElement.WriteTo(w);
        }

        if (status is { } s)
        {
            w.WriteNumber("status", s);
        }

        w.WriteEndObject();
    }

    private static void WriteTotal(Utf8JsonWriter w, long total, SearchRequest request)
    {
        if (request.RestTotalHitsAsInt)
        {
            w.WriteNumber("total", request.TrackTotalHitsUpTo is { } cap ? Math.Min(total, cap) : -1);
            return;
        }

        if (request.TrackTotalHitsUpTo is not { } limit)
        {
            return;
        }

        w.WritePropertyName("total");
        w.WriteStartObject();
        w.WriteNumber("value", Math.Min(total, limit));
        w.WriteString("relation", total > limit ? "gte" : "eq");
        w.WriteEndObject();
    }

    private static void WriteHit(Utf8JsonWriter w, FetchedHit hit, SearchRequest request)
    {
        w.WriteStartObject();
        w.WriteString("_index", hit.Index);
        w.WriteString("_id", hit.Id);
        if (request.Version)
        {
            w.WriteNumber("_version", hit.Version);
        }

        if (request.SeqNoPrimaryTerm)
        {
            w.WriteNumber("_seq_no", hit.SeqNo);
            w.WriteNumber("_primary_term", 1);
        }

        if (hit.Score is { } score)
        {
            w.WritePropertyName("_score");
            JsonValues.WriteFloat(w, score);
        }
        else
        {
            w.WriteNull("_score");
        }

        if (request.Source.Enabled)
        {
            w.WritePropertyName("_source");
            request.Source.Write(w, hit.Source);
        }

        if (hit.FieldsJson is { Length: > 2 } fields)
        {
            w.WritePropertyName("fields");
            w.WriteRawValue(fields, skipInputValidation: true);
        }

        if (hit.SortValues is { } sortValues)
        {
            w.WritePropertyName("sort");
            w.WriteStartArray();
            foreach (var value in sortValues)
            {
                WriteSortValue(w, value);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteSortValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case float f:
                JsonValues.WriteFloat(w, f);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case double d:
                JsonValues.WriteDouble(w, d);
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }
}
