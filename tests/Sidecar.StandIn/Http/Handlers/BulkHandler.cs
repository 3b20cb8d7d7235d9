using System.Diagnostics;
using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>The _bulk API: index, create, update and delete actions with per-item results.</summary>
public sealed class BulkHandler
{
    private static readonly HashSet<string> Actions = ["index", "create", "update", "delete"];
    private readonly IndexRegistry _registry;

    public BulkHandler(IndexRegistry registry) => _registry = registry;

    public void Register(Router router) => router
        .Map("POST,PUT", "/_bulk", Bulk)
        .Map("POST,PUT", "/{index}/_bulk", Bulk);

    private EsResponse Bulk(EsRequest request)
    {
        var watch = Stopwatch.StartNew();
        var lines = BulkLines.Split(request.Body);
        if (lines.Count == 0)
        {
            throw EsErrors.ActionRequestValidation("no requests added");
        }

        var defaultIndex = request.RouteValues.GetValueOrDefault("index");
        var items = new List<BulkItem>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (action, meta) = ParseAction(lines[i], i + 1);
            using (meta)
            {
                var m = meta.RootElement.GetProperty(action);
                var index = m.TryGetProperty("_index", out var ix) ? ix.GetString() : defaultIndex;
                var id = m.TryGetProperty("_id", out var idElement) ? JsonValues.ScalarText(idElement) : null;
                if (index is null)
                {
                    throw EsErrors.ActionRequestValidation($"index is missing for request {items.Count}");
                }

                ReadOnlyMemory<byte>? source = null;
                if (action != "delete")
                {
                    if (i + 1 >= lines.Count)
                    {
                        throw EsErrors.IllegalArgument($"The bulk request must be terminated by a newline [\\n]");
                    }

                    source = lines[++i];
                }

                items.Add(Execute(action, index, id, m, source));
            }
        }

        var forced = RefreshPolicy.Apply(request, items.Where(it => it.Target is not null).Select(it => it.Target!));
        var took = watch.ElapsedMilliseconds;
        return EsResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("errors", items.Any(it => it.Error is not null));
            w.WriteNumber("took", took);
            w.WritePropertyName("items");
            w.WriteStartArray();
            foreach (var item in items)
            {
                WriteItem(w, item, forced);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static (string Action, JsonDocument Meta) ParseAction(ReadOnlyMemory<byte> line, int lineNumber)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw EsErrors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]");
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw EsErrors.IllegalArgument($"Malformed action/metadata line [{lineNumber}], expected START_OBJECT but found [{root.ValueKind}]");
        }

        var props = root.EnumerateObject().ToList();
        if (props.Count != 1 || !Actions.Contains(props[0].Name) || props[0].Value.ValueKind != JsonValueKind.Object)
        {
            var found = props.Count == 0 ? "END_OBJECT" : props[0].Name;
            doc.Dispose();
            throw EsErrors.IllegalArgument(
                $"Malformed action/metadata line [{lineNumber}], expected one of [create, delete, index, update] but found [{found}]");
        }

        return (props[0].Name, doc);
    }

    private BulkItem Execute(string action, string indexName, string? id, JsonElement meta, ReadOnlyMemory<byte>? source)
    {
        StandInIndex? index = null;
        try
        {
            long? ifSeqNo = meta.TryGetProperty("if_seq_no", out var s) ? s.GetInt64() : null;
            long? ifTerm = meta.TryGetProperty("if_primary_term", out var t) ? t.GetInt64() : null;
            if (action == "delete")
            {
                index = _registry.Get(indexName);
                return new BulkItem(action, indexName, id, index, index.Delete(id!, ifSeqNo, ifTerm), null);
            }

            index = _registry.GetOrCreate(indexName);
            var bytes = source!.Value.ToArray();
            using var doc = ParseSource(bytes);
            var result = action == "update"
                ? index.Update(id!, UpdateSpec.Parse(doc.RootElement), ifSeqNo, ifTerm)
                : index.Index(id, bytes, doc.RootElement, action == "create", ifSeqNo, ifTerm);
            return new BulkItem(action, indexName, result.Id, index, result, null);
        }
        catch (EsException e)
        {
            return new BulkItem(action, indexName, id, index, null, e);
        }
    }

    private static JsonDocument ParseSource(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw EsErrors.DocumentParsing($"[1:1] failed to parse: {JsonParsing.Malformed(e).Reason}");
        }
    }

    private static void WriteItem(Utf8JsonWriter w, BulkItem item, bool forced)
    {
        w.WriteStartObject();
        w.WritePropertyName(item.Action);
        w.WriteStartObject();
        if (item.Result is { } result && item.Target is { } index)
        {
            WriteResultWriter.WriteFields(w, index, result, forced);
        }
        else
        {
            w.WriteString("_index", item.Index);
            if (item.Id is not null)
            {
                w.WriteString("_id", item.Id);
            }
        }

        w.WriteNumber("status", item.Status);
        if (item.Error is { } error)
        {
            w.WritePropertyName("error");
            ErrorWriter.WriteCause(w, error, nested: true);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
