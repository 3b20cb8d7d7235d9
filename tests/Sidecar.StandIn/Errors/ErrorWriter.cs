using System.Text.Json;

namespace Sidecar.StandIn.Errors;

/// <summary>Writes <see cref="EsException"/> in the Elasticsearch error shape.</summary>
public static class ErrorWriter
{
    private const string NodeId = "stand-in-node-0";

    /// <summary>Writes the full response body <c>{"error":...,"status":N}</c>.</summary>
    public static void WriteResponse(Utf8JsonWriter w, EsException e)
    {
        w.WriteStartObject();
        if (e.Plain)
        {
            w.WriteString("error", e.Reason);
        }
        else
        {
            w.WritePropertyName("error");
            WriteError(w, e);
        }

        w.WriteNumber("status", e.Status);
        w.WriteEndObject();
    }

    /// <summary>Writes the error object (root_cause, type, reason, ...) as used in bulk items and msearch.</summary>
    public static void WriteError(Utf8JsonWriter w, EsException e)
    {
        w.WriteStartObject();
        w.WritePropertyName("root_cause");
        w.WriteStartArray();
        WriteCause(w, e, nested: false);
        w.WriteEndArray();

        if (e.FailedShardIndex is { } index)
        {
            w.WriteString("type", "search_phase_execution_exception");
            w.WriteString("reason", "all shards failed");
            w.WriteString("phase", "query");
            w.WriteBoolean("grouped", true);
            w.WritePropertyName("failed_shards");
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteNumber("shard", 0);
            w.WriteString("index", index);
            w.WriteString("node", NodeId);
            w.WritePropertyName("reason");
            WriteCause(w, e, nested: true);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WritePropertyName("caused_by");
            WriteCause(w, e, nested: true);
        }
        else
        {
            WriteFields(w, e, nested: true);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a bare cause object (type, reason, extras, caused_by).</summary>
    public static void WriteCause(Utf8JsonWriter w, EsException e, bool nested)
    {
        w.WriteStartObject();
        WriteFields(w, e, nested);
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, EsException e, bool nested)
    {
        w.WriteString("type", e.Type);
        w.WriteString("reason", e.Reason);
        foreach (var (key, value) in e.Extra)
        {
            switch (value)
            {
                case null:
                    w.WriteNull(key);
                    break;
                case int i:
                    w.WriteNumber(key, i);
                    break;
                case long l:
                    w.WriteNumber(key, l);
                    break;
                default:
                    w.WriteString(key, value.ToString());
                    break;
            }
        }

        if (nested && e.CausedBy is { } cause)
        {
            w.WritePropertyName("caused_by");
            WriteCause(w, cause, nested: true);
        }
    }
}
