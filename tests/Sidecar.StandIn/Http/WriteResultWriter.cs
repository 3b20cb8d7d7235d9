using System.Text.Json;
using Sidecar.StandIn.Indexing;

namespace Sidecar.StandIn.Http;

/// <summary>Writes the body of a document write response (also a bulk item).</summary>
public static class WriteResultWriter
{
    public static void WriteFields(Utf8JsonWriter w, StandInIndex index, WriteResult result, bool forcedRefresh)
    {
        w.WriteString("_index", index.Name);
        w.WriteString("_id", result.Id);
        w.WriteNumber("_version", result.Version);
        w.WriteString("result", result.Result);
        if (forcedRefresh && !result.IsNoop)
        {
            w.WriteBoolean("forced_refresh", true);
        }

        WriteShards(w, result.IsNoop ? 0 : 1 + index.Settings.Replicas, result.IsNoop ? 0 : 1);
        w.WriteNumber("_seq_no", result.SeqNo);
        w.WriteNumber("_primary_term", 1);
    }

    public static void WriteShards(Utf8JsonWriter w, int total, int successful)
    {
        w.WritePropertyName("_shards");
        w.WriteStartObject();
        w.WriteNumber("total", total);
        w.WriteNumber("successful", successful);
        w.WriteNumber("failed", 0);
        w.WriteEndObject();
    }
}
