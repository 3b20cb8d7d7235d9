using System.Text.Json;
using Sidecar.StandIn.Indexing;

namespace Sidecar.StandIn.Mapping;

/// <summary>
/// Elasticsearch's default dynamic mapping: strings become text with a <c>.keyword</c> sub-field
/// (ignore_above 256) unless they look like dates, integers become long, other numbers float, booleans
/// boolean, and arrays of 128..4096 numbers dense_vector.
/// </summary>
public static class DynamicMapper
{
    private static readonly JsonElement IgnoreAbove256 = JsonDocument.Parse("256").RootElement.Clone();
    private static readonly JsonElement True = JsonDocument.Parse("true").RootElement.Clone();
    private static readonly JsonElement Cosine = JsonDocument.Parse("\"cosine\"").RootElement.Clone();

    public static FieldMapping ForScalar(string path, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when DateValues.LooksLikeDate(value.GetString()!):
                return Leaf(path, "date", FieldKind.Date);
            case JsonValueKind.String:
                var keyword = new FieldMapping(path + ".keyword", "keyword", FieldKind.Keyword,
                    [new("ignore_above", IgnoreAbove256)], []);
                return new FieldMapping(path, "text", FieldKind.Text, [], [keyword]);
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                var integral = value.TryGetInt64(out _) && raw.IndexOfAny(['.', 'e', 'E']) < 0;
                return integral ? Leaf(path, "long", FieldKind.Long) : Leaf(path, "float", FieldKind.Float);
            default:
                return Leaf(path, "boolean", FieldKind.Boolean);
        }
    }

    /// <summary>A dense_vector mapping when the array looks like an embedding, else null.</summary>
    public static FieldMapping? ForArray(string path, JsonElement array)
    {
        var length = array.GetArrayLength();
        if (length is < 128 or > 4096)
        {
            return null;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                return null;
            }
        }

        var dims = JsonDocument.Parse(length.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement.Clone();
        return new FieldMapping(path, "dense_vector", FieldKind.DenseVector,
            [new("dims", dims), new("index", True), new("similarity", Cosine)], []);
    }

    private static FieldMapping Leaf(string path, string type, FieldKind kind) => new(path, type, kind, [], []);
}
