using System.Globalization;
using System.Text.RegularExpressions;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// Date parsing for date fields: <c>strict_date_optional_time</c> style ISO strings, <c>yyyy/MM/dd HH:mm:ss</c>,
/// epoch milliseconds (numbers or digit strings) and simple date math (<c>now-1d/d</c>, <c>2024-01-01||+1M</c>).
/// </summary>
public static partial class DateValues
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH",
        "yyyy-MM-dd", "yyyy-MM", "yyyy", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss zzz", "yyyy/MM/dd",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    /// <summary>True when a string looks like a date for dynamic mapping (date_detection).</summary>
    public static bool LooksLikeDate(string s) => DetectRegex().IsMatch(s) && TryParse(s, out _);

    public static bool TryParse(string text, out long millis)
    {
        text = text.Trim();
        if (text.Length > 0 && (char.IsDigit(text[0]) || text[0] == '-') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out millis)
            && !(text.Length == 4 && text[0] != '-'))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
        {
            millis = dto.ToUnixTimeMilliseconds();
            return true;
        }

        millis = 0;
        return false;
    }

    /// <summary>Parses a value with optional date math; <paramref name="roundUp"/> rounds "/unit" to the unit's end.</summary>
    public static bool TryParseMath(string text, bool roundUp, out long millis)
    {
        string anchor;
        string math;
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            anchor = "";
            math = text[3..];
        }
        else
        {
            var sep = text.IndexOf("||", StringComparison.Ordinal);
            if (sep < 0)
            {
                return TryParse(text, out millis);
            }

            anchor = text[..sep];
            math = text[(sep + 2)..];
        }

        DateTimeOffset time;
        if (anchor.Length == 0)
        {
            time = DateTimeOffset.UtcNow;
        }
        else if (TryParse(anchor, out var anchorMillis))
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(anchorMillis);
        }
        else
        {
            millis = 0;
            return false;
        }

        foreach (Match m in MathRegex().Matches(math))
        {
            var unit = m.Groups["unit"].Value[0];
            if (m.Groups["op"].Value == "/")
            {
                time = Round(time, unit, roundUp);
                continue;
            }

            var amount = int.Parse(m.Groups["n"].Value.Length == 0 ? "1" : m.Groups["n"].Value, CultureInfo.InvariantCulture);
            time = Add(time, unit, m.Groups["op"].Value == "-" ? -amount : amount);
        }

        millis = time.ToUnixTimeMilliseconds();
        return true;
    }

    public static string Format(long millis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Add(DateTimeOffset t, char unit, int n) => unit switch
    {
        'y' => t.AddYears(n),
        'M' => t.AddMonths(n),
        'w' => t.AddDays(7 * n),
        'd' => t.AddDays(n),
        'h' or 'H' => t.AddHours(n),
        'm' => t.AddMinutes(n),
        's' => t.AddSeconds(n),
        _ => t,
    };

    private static DateTimeOffset Round(DateTimeOffset t, char unit, bool up)
    {
        var down = unit switch
        {
            'y' => new DateTimeOffset(t.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
            'M' => new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero),
            'w' => new DateTimeOffset(t.Date, TimeSpan.Zero).AddDays(-(((int)t.DayOfWeek + 6) % 7)),
            'd' => new DateTimeOffset(t.Date, TimeSpan.Zero),
            'h' or 'H' => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero),
            'm' => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero),
            's' => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero),
            _ => t,
        };
        return up ? Add(down, unit, 1).AddMilliseconds(-1) : down;
    }

    [GeneratedRegex(@"(?<op>[+\-/])(?<n>\d*)(?<unit>[yMwdhHms])")]
    private static partial Regex MathRegex();

    [GeneratedRegex(@"^\d{4}[-/]\d{2}[-/]\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+\-]\d{2}:?\d{2})?$")]
    private static partial Regex DetectRegex();
}
