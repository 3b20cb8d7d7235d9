using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Indexing;

/// <summary>The body of an update request (<c>doc</c>, <c>upsert</c>, <c>doc_as_upsert</c>, <c>detect_noop</c>).</summary>
public sealed record UpdateSpec(JsonElement? Doc, JsonElement? Upsert, bool DocAsUpsert, bool DetectNoop)
{
    public static UpdateSpec Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.ActionRequestValidation("script or doc is missing");
        }

        JsonElement? doc = null;
        JsonElement? upsert = null;
        var docAsUpsert = false;
        var detectNoop = true;
        foreach (var prop in body.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "doc":
                    doc = prop.Value;
                    break;
                case "upsert":
                    upsert = prop.Value;
                    break;
                case "doc_as_upsert":
                    docAsUpsert = JsonValues.GetBool(prop.Value, prop.Name);
                    break;
                case "detect_noop":
                    detectNoop = JsonValues.GetBool(prop.Value, prop.Name);
                    break;
                case "script" or "scripted_upsert":
                    throw EsErrors.NotSupported("script");
                case "_source" or "lang" or "if_seq_no" or "if_primary_term":
                    break;
                default:
                    throw EsErrors.XContentParse($"[1:2] [UpdateRequest] unknown field [{prop.Name}]");
            }
        }

        if (doc is null)
        {
            throw EsErrors.ActionRequestValidation("script or doc is missing");
        }

        if (doc.Value.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing("[doc] must be an object");
        }

        return new UpdateSpec(doc, upsert, docAsUpsert, detectNoop);
    }
}
