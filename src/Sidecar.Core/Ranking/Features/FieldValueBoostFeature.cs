using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// A score for hits whose field holds one of the listed values (e.g. preferred brands, promoted colours).
/// <c>values</c> is a list (each scores 1) or a map of value to score; the best matching value counts;
/// matching ignores case unless <c>case_sensitive: true</c>. Hits without a match get <c>missing</c>.
/// YAML: <c>{ name, type: field_value_boost, field, values, case_sensitive, missing, weight }</c>.
/// </summary>
public sealed class FieldValueBoostFeature : IFeature
{
    public const string TypeName = "field_value_boost";

    private readonly string _field;
    private readonly Dictionary<string, double> _values;
    private readonly double _missing;

    public FieldValueBoostFeature(string name, double weight, string field, Dictionary<string, double> values, double missing)
    {
        Name = name;
        Weight = weight;
        _field = field;
        _values = values;
        _missing = missing;
        SourceFields = [field];
    }

    public string Name { get; }

    public string Type => TypeName;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields { get; }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node)
    {
        var field = node.String("field", required: true) ?? "?";
        var caseSensitive = node.Bool("case_sensitive", false);
        var values = new Dictionary<string, double>(caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var section = node.Child("values");
        var entries = section.Entries();
        if (entries.Count > 0)
        {
            foreach (var (key, value) in entries)
            {
                values[key] = value.AsDouble(1.0, -1e6, 1e6);
            }
        }
        else
        {
            foreach (var v in node.StringList("values"))
            {
                values[v] = 1.0;
            }
        }

        if (values.Count == 0)
        {
            node.Errors.Add(node.Path + ".values", node.Line, node.Column, "at least one value is required (a list, or a map of value: score)");
        }

        return new FieldValueBoostFeature(d.Name, d.Weight, field, values, d.Missing);
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[128];
        for (var i = 0; i < hits.Length; i++)
        {
            double? best = null;
            if (hits[i].TryGetField(_field, out var e))
            {
                if (e.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in e.EnumerateArray())
                    {
                        best = Max(best, Score(item, lookup, buffer));
                    }
                }
                else
                {
                    best = Score(e, lookup, buffer);
                }
            }

            values[i] = best ?? _missing;
        }
    }

    private static double? Score(JsonElement e, Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> lookup, Span<char> buffer)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = e.GetString()!;
        return lookup.TryGetValue(text.AsSpan(), out var score) ? score : null;
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
