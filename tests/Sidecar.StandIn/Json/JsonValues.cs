using System.Globalization;
using System.Text.Json;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Json;

/// <summary>Small helpers to read loosely typed JSON values the way Elasticsearch does.</summary>
public static class JsonValues
{
    /// <summary>String form of a scalar (strings as-is, numbers as written, booleans as true/false).</summary>
    public static string ScalarText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => throw EsErrors.Parsing("unexpected null value"),
        _ => throw EsErrors.Parsing($"expected a value but found [{e.ValueKind}]"),
    };

    public static bool IsScalar(JsonElement e) =>
        e.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    public static bool TryGetDouble(JsonElement e, out double value)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                return e.TryGetDouble(out value);
            case JsonValueKind.String:
                return double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    public static int GetInt(JsonElement e, string name)
    {
        if (TryGetDouble(e, out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        throw EsErrors.XContentParse($"[{name}] failed to parse field [{name}]: expected an integer but got [{e.GetRawText()}]");
    }

    public static float GetFloat(JsonElement e, string name) =>
        TryGetDouble(e, out var d)
            ? (float)d
            : throw EsErrors.XContentParse($"[{name}] failed to parse field [{name}]: expected a number");

    public static bool GetBool(JsonElement e, string name) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when e.GetString() == "true" => true,
        JsonValueKind.String when e.GetString() == "false" => false,
        _ => throw EsErrors.XContentParse($"[{name}] failed to parse field [{name}]: expected a boolean"),
    };

    public static string GetString(JsonElement e, string name) =>
        IsScalar(e) ? ScalarText(e) : throw EsErrors.XContentParse($"[{name}] expected a string value");

    /// <summary>A string or an array of strings (or a comma separated string when <paramref name="splitCommas"/>).</summary>
    public static List<string> StringList(JsonElement e, string name, bool splitCommas = false)
    {
        var list = new List<string>();
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                list.Add(GetString(item, name));
            }
        }
        else if (splitCommas)
        {
            list.AddRange(GetString(e, name).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        else
        {
            list.Add(GetString(e, name));
        }

        return list;
    }

    /// <summary>Writes a double the way Elasticsearch does: integral values keep a ".0".</summary>
    public static void WriteDouble(Utf8JsonWriter w, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            w.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
        else if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            w.WriteRawValue(((long)value).ToString(CultureInfo.InvariantCulture) + ".0");
        }
        else
        {
            w.WriteNumberValue(value);
        }
    }

    public static void WriteDouble(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        WriteDouble(w, value);
    }

    /// <summary>Writes a score the way Elasticsearch does (<c>1.0</c>, not <c>1</c>).</summary>
    public static void WriteFloat(Utf8JsonWriter w, float value)
    {
        if (value == MathF.Floor(value) && MathF.Abs(value) < 1e7f)
        {
            w.WriteRawValue(((long)value).ToString(CultureInfo.InvariantCulture) + ".0");
        }
        else
        {
            w.WriteNumberValue(value);
        }
    }
}
