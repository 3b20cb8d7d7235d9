using System.Globalization;
using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>Epoch milliseconds to and from the ISO-8601 UTC text stored in Elasticsearch <c>date</c> fields.</summary>
internal static class EpochTime
{
    public static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An ISO-8601 string (a zone-less one is UTC) or a number of epoch milliseconds.</summary>
    public static bool TryRead(JsonElement value, out long ms)
    {
        ms = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var n):
                ms = n;
                return n is > -62_135_596_800_000 and < 253_402_300_800_000;
            case JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t):
                ms = t.ToUnixTimeMilliseconds();
                return true;
            default:
                return false;
        }
    }
}
