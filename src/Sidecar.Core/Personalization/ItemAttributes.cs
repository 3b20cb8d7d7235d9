using System.Text.Json;
using Sidecar.Embeddings;
using Sidecar.Search;

namespace Sidecar.Personalization;

/// <summary>What a profile learns from one catalogue item: its category path, brand, price and embedding.</summary>
public sealed record ItemAttributes(IReadOnlyList<string> Categories, string? Brand, double? Price, float[]? Embedding)
{
    public static ItemAttributes None { get; } = new([], null, null, null);

    /// <summary>Reads the attributes from an item's <c>_source</c>; absent or malformed fields are left out.</summary>
    public static ItemAttributes FromSource(JsonElement source, ItemFieldNames fields, string embeddingField)
    {
        return new ItemAttributes(Strings(source, fields.Category), FirstString(source, fields.Brand), Number(source, fields.Price),
            Vector(source, embeddingField));
    }

    /// <summary>The category levels of a field holding a list (top level first) or a single string.</summary>
    internal static IReadOnlyList<string> Strings(JsonElement source, string field)
    {
        if (!SourcePath.TryGet(source, field, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() is { Length: > 0 } one && !string.IsNullOrWhiteSpace(one) ? [one.Trim()] : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } s && !string.IsNullOrWhiteSpace(s))
            {
                result.Add(s.Trim());
            }
        }

        return result;
    }

    internal static string? FirstString(JsonElement source, string field)
    {
        var all = Strings(source, field);
        return all.Count > 0 ? all[0] : null;
    }

    internal static double? Number(JsonElement source, string field)
    {
        if (!SourcePath.TryGet(source, field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            using var items = value.EnumerateArray();
            if (!items.MoveNext())
            {
                return null;
            }

            value = items.Current;
        }

        var v = 0.0;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out v),
            JsonValueKind.String => double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out v),
            _ => false,
        };
        return ok && double.IsFinite(v) && v >= 0 ? v : null;
    }

    private static float[]? Vector(JsonElement source, string field)
    {
        if (!SourcePath.TryGet(source, field, out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return null;
        }

        try
        {
            var v = VectorJson.Parse(value);
            return VectorMath.Norm(v) > 0 && v.All(float.IsFinite) ? v : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
