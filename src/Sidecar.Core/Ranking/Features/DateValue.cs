using System.Globalization;

namespace Sidecar.Ranking.Features;

/// <summary>Dates as epoch milliseconds, and durations with Elasticsearch's units.</summary>
public static class DateValue
{
    public static bool TryParse(string text, out double epochMillis)
    {
        epochMillis = 0;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            epochMillis = ms;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
        {
            epochMillis = dto.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    public static bool TryParseDuration(string text, out double millis)
    {
        millis = 0;
        var t = text.Trim();
        var unitStart = t.Length;
        while (unitStart > 0 && char.IsLetter(t[unitStart - 1]))
        {
            unitStart--;
        }

        if (unitStart == 0 || !double.TryParse(t.AsSpan(0, unitStart), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return false;
        }

        double? factor = t[unitStart..] switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            _ => null,
        };
        if (factor is null)
        {
            return false;
        }

        millis = n * factor.Value;
        return true;
    }
}
