using System.Text;
using System.Text.Json;

namespace Sidecar.Tests.Personalization;

/// <summary>Reads what the sidecar stored, straight from the Elasticsearch stand-in (not through the sidecar).</summary>
internal static class EsDirect
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    /// <summary>The stored profile's <c>_source</c>, or null when there is none.</summary>
    public static async Task<JsonElement?> ProfileAsync(Uri es, string userHash, string index = "rerank-profiles")
    {
        using var response = await Http.GetAsync(new Uri(es, $"{index}/_doc/{userHash}"));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("found").GetBoolean() ? doc.RootElement.GetProperty("_source").Clone() : null;
    }

    /// <summary>The stored events of a user (by hash), as <c>_source</c> objects.</summary>
    public static async Task<JsonElement[]> EventsAsync(Uri es, string userHash, string index = "rerank-events")
    {
        var body = JsonSerializer.Serialize(new { size = 1000, query = new { term = new { user_hash = userHash } } });
        using var response = await Http.PostAsync(new Uri(es, $"{index}/_search?ignore_unavailable=true"), new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("_source").Clone()).ToArray();
    }

    /// <summary>Everything in an index, as raw JSON text (for "does this string appear anywhere" checks).</summary>
    public static async Task<string> DumpAsync(Uri es, string index)
    {
        using var response = await Http.PostAsync(new Uri(es, $"{index}/_search?ignore_unavailable=true"),
            new StringContent("""{"size":10000}""", Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task PutAsync(Uri es, string path, string json)
    {
        using var response = await Http.PutAsync(new Uri(es, path), new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Affinity value of <paramref name="key"/> in a stored profile's <paramref name="kind"/> list, 0 when absent.</summary>
    public static double Affinity(JsonElement profile, string kind, string key) =>
        profile.GetProperty(kind).EnumerateArray().Where(e => e.GetProperty("k").GetString() == key).Select(e => e.GetProperty("v").GetDouble()).FirstOrDefault();
}
