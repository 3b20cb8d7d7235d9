using System.Text.Json;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Http;

/// <summary>A response produced by a handler: status, a JSON body writer (or plain text) and extra headers.</summary>
public sealed class EsResponse
{
    private EsResponse(int status, Action<Utf8JsonWriter>? json, string? text)
    {
        Status = status;
        Json = json;
        Text = text;
    }

    public int Status { get; }

    public Action<Utf8JsonWriter>? Json { get; }

    public string? Text { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static EsResponse Ok(Action<Utf8JsonWriter> json) => new(200, json, null);

    public static EsResponse Of(int status, Action<Utf8JsonWriter> json) => new(status, json, null);

    public static EsResponse Empty(int status) => new(status, null, null);

    public static EsResponse PlainText(int status, string text) => new(status, null, text);

    public static EsResponse Error(EsException e)
    {
        var response = new EsResponse(e.Status, w => ErrorWriter.WriteResponse(w, e), null);
        if (e.Headers is not null)
        {
            foreach (var (k, v) in e.Headers)
            {
                response.Headers[k] = v;
            }
        }

        return response;
    }

    public static EsResponse Acknowledged(bool extraShards = false, string? index = null) => Ok(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("acknowledged", true);
        if (extraShards)
        {
            w.WriteBoolean("shards_acknowledged", true);
        }

        if (index is not null)
        {
            w.WriteString("index", index);
        }

        w.WriteEndObject();
    });
}
