using System.Text.Json;
using System.Text.RegularExpressions;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Aggregations;

/// <summary>Terms bucket keys: strings (keyword), longs (integral, date, boolean) or doubles (floating).</summary>
public static class TermsKeys
{
    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        _ => string.CompareOrdinal(a.ToString(), b.ToString()),
    };

    /// <summary>Writes <c>key</c> (and <c>key_as_string</c> for dates and booleans).</summary>
    public static void Write(Utf8JsonWriter w, object key, FieldKind kind)
    {
        switch (key)
        {
            case string s:
                w.WriteString("key", s);
                break;
            case double d:
                JsonValues.WriteDouble(w, "key", d);
                break;
            case long l:
                w.WriteNumber("key", l);
                if (kind == FieldKind.Date)
                {
                    w.WriteString("key_as_string", DateValues.Format(l));
                }
                else if (kind == FieldKind.Boolean)
                {
                    w.WriteString("key_as_string", l != 0 ? "true" : "false");
                }

                break;
        }
    }

    /// <summary>The key as text, for include/exclude matching.</summary>
    public static string Text(object key, FieldKind kind) => key switch
    {
        long l when kind == FieldKind.Boolean => l != 0 ? "true" : "false",
        long l when kind == FieldKind.Date => DateValues.Format(l),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => key.ToString()!,
    };

    /// <summary>The bucket key used for documents without a value (the <c>missing</c> option).</summary>
    public static object? Missing(JsonElement missing, FieldKind kind, FieldMapping? field) => kind switch
    {
        FieldKind.Keyword => JsonValues.ScalarText(missing),
        FieldKind.Boolean => ValueConverter.TryToBoolean(missing, out var b) ? (b ? 1L : 0L) : null,
        var k when k.IsFloating() => JsonValues.TryGetDouble(missing, out var d) ? d : null,
        _ when field is not null => ValueConverter.TryToLong(field, missing, out var l) ? l : null,
        _ => JsonValues.TryGetDouble(missing, out var d2) ? (long)d2 : null,
    };

    /// <summary>include/exclude: an array of exact values or a regular expression.</summary>
    public static Func<string, bool> Filter(JsonElement spec)
    {
        if (spec.ValueKind == JsonValueKind.Array)
        {
            var set = JsonValues.StringList(spec, "include").ToHashSet(StringComparer.Ordinal);
            return set.Contains;
        }

        if (spec.ValueKind == JsonValueKind.String)
        {
            var regex = new Regex("^(?:" + spec.GetString() + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return regex.IsMatch;
        }

        throw EsErrors.NotSupported("terms include/exclude partitions");
    }
}
