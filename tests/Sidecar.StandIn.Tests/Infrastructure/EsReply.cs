using System.Net;
using System.Text.Json;

namespace Sidecar.StandIn.Tests.Infrastructure;

/// <summary>A response from the stand-in with its parsed JSON body.</summary>
public sealed record EsReply(HttpStatusCode Status, string Body, HttpResponseMessage Message)
{
    private JsonElement? _json;

    public JsonElement Json => _json ??= Body.Length == 0 ? default : JsonDocument.Parse(Body).RootElement.Clone();

    public int StatusCode => (int)Status;

    public JsonElement Hits => Json.GetProperty("hits").GetProperty("hits");

    /// <summary>The <c>_id</c>s of the returned hits, in order.</summary>
    public List<string> Ids => [.. Hits.EnumerateArray().Select(h => h.GetProperty("_id").GetString()!)];

    public long TotalValue => Json.GetProperty("hits").GetProperty("total").GetProperty("value").GetInt64();

    public string TotalRelation => Json.GetProperty("hits").GetProperty("total").GetProperty("relation").GetString()!;

    public double Score(string id) =>
        Hits.EnumerateArray().First(h => h.GetProperty("_id").GetString() == id).GetProperty("_score").GetDouble();

    public string ErrorType => Json.GetProperty("error").GetProperty("type").GetString()!;

    public string RootCauseType => Json.GetProperty("error").GetProperty("root_cause")[0].GetProperty("type").GetString()!;

    public string ErrorReason => Json.GetProperty("error").GetProperty("reason").GetString()!;
}
