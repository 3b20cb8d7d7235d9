using System.Globalization;
using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Indexing;

/// <summary>Converts JSON (or query) values into a field type's indexed value, with Elasticsearch's coercion.</summary>
public static class ValueConverter
{
    public static string ToKeyword(JsonElement value) => JsonValues.ScalarText(value);

    /// <summary>Integral value (long-like numbers truncate decimals; dates are epoch millis; booleans 1/0).</summary>
    public static bool TryToLong(FieldMapping field, JsonElement value, out long result)
    {
        if (field.Kind == FieldKind.Date)
        {
            return TryToDateMillis(value, roundUp: false, out result);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out result))
        {
            return InRange(field.Kind, result);
        }

        if (JsonValues.TryGetDouble(value, out var d) && !double.IsNaN(d) && !double.IsInfinity(d))
        {
            result = (long)Math.Truncate(d);
            return InRange(field.Kind, result) && Math.Abs(d) < 9.3e18;
        }

        result = 0;
        return false;
    }

    public static bool TryToDouble(FieldMapping field, JsonElement value, out double result)
    {
        if (JsonValues.TryGetDouble(value, out var d) && !double.IsNaN(d) && !double.IsInfinity(d))
        {
            result = field.Normalize(d);
            return true;
        }

        result = 0;
        return false;
    }

    public static bool TryToBoolean(JsonElement value, out bool result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                result = true;
                return true;
            case JsonValueKind.False:
                result = false;
                return true;
            case JsonValueKind.String:
                var s = value.GetString();
                result = s == "true";
                return s is "true" or "false" or "";
            default:
                result = false;
                return false;
        }
    }

    public static bool TryToDateMillis(JsonElement value, bool roundUp, out long millis)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out millis):
                return true;
            case JsonValueKind.Number when value.TryGetDouble(out var d):
                millis = (long)d;
                return true;
            case JsonValueKind.String:
                return DateValues.TryParseMath(value.GetString()!, roundUp, out millis);
            default:
                millis = 0;
                return false;
        }
    }

    public static EsException ParseFailure(FieldMapping field, JsonElement value, string? id)
    {
        var preview = JsonValues.IsScalar(value) ? JsonValues.ScalarText(value) : value.GetRawText();
        var cause = field.Kind switch
        {
            FieldKind.Boolean => EsErrors.IllegalArgument(
                $"Failed to parse value [{preview}] as only [true] or [false] are allowed."),
            FieldKind.Date => EsErrors.IllegalArgument(
                $"failed to parse date field [{preview}] with format [strict_date_optional_time||epoch_millis]"),
            _ when field.Kind.IsIntegral() && JsonValues.TryGetDouble(value, out _) => EsErrors.IllegalArgument(
                $"Value [{preview}] is out of range for {field.TypeName}"),
            _ => new EsException(400, "number_format_exception", $"For input string: \"{preview}\""),
        };
        var where = id is null ? "" : $" in document with id '{id}'";
        return EsErrors.DocumentParsing(
            $"[1:1] failed to parse field [{field.Path}] of type [{field.TypeName}]{where}. Preview of field's value: '{preview}'",
            cause);
    }

    public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static bool InRange(FieldKind kind, long value)
    {
        var (min, max) = kind.IntegralRange();
        return value >= min && value <= max;
    }
}
