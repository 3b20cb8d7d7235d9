using System.Text.Json;

namespace Sidecar.Search;

/// <summary>
/// One hit of the first-stage window: a view over the upstream response JSON (nothing copied).
/// Valid only while the <see cref="SearchResponse"/> that owns the JSON is alive.
/// </summary>
public readonly struct SearchHit
{
    public SearchHit(int rank, JsonElement hit, double? score, JsonElement source)
    {
        Rank = rank;
        Hit = hit;
        Score = score;
        Source = source;
    }

    /// <summary>0-based position in the upstream order.</summary>
    public int Rank { get; }

    /// <summary>The hit object as upstream sent it.</summary>
    public JsonElement Hit { get; }

    /// <summary>The first-stage <c>_score</c>; null when upstream sent none.</summary>
    public double? Score { get; }

    /// <summary>The <c>_source</c> object, or an undefined element when the hit has none.</summary>
    public JsonElement Source { get; }

    public string? Id => Hit.TryGetProperty("_id"u8, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>Finds a field in <c>_source</c> by dotted path (<c>a.b</c> as nested objects or as a literal key).</summary>
    public bool TryGetField(string path, out JsonElement value) => SourcePath.TryGet(Source, path, out value);

    /// <summary>Reads a numeric field; numeric strings count, the first element of an array counts.</summary>
    public bool TryGetNumber(string path, out double value)
    {
        value = 0;
        if (!TryGetField(path, out var e))
        {
            return false;
        }

        if (e.ValueKind == JsonValueKind.Array)
        {
            using var items = e.EnumerateArray();
            if (!items.MoveNext())
            {
                return false;
            }

            e = items.Current;
        }

        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value) && double.IsFinite(value),
            JsonValueKind.String => double.TryParse(e.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
            _ => false,
        };
    }
}
