using System.Text.Json;

namespace Sidecar.StandIn.Mapping;

/// <summary>One mapped leaf field (or multi-field such as <c>title.keyword</c>). Immutable.</summary>
public sealed class FieldMapping
{
    public FieldMapping(string path, string typeName, FieldKind kind,
        IReadOnlyList<KeyValuePair<string, JsonElement>> parameters, IReadOnlyList<FieldMapping> multiFields)
    {
        Path = path;
        TypeName = typeName;
        Kind = kind;
        Parameters = parameters;
        MultiFields = multiFields;
        foreach (var (key, value) in parameters)
        {
            switch (key)
            {
                case "analyzer":
                    Analyzer = value.GetString();
                    break;
                case "search_analyzer":
                    SearchAnalyzer = value.GetString();
                    break;
                case "ignore_above" when value.ValueKind == JsonValueKind.Number:
                    IgnoreAbove = value.GetInt32();
                    break;
                case "scaling_factor" when value.ValueKind == JsonValueKind.Number:
                    ScalingFactor = value.GetDouble();
                    break;
                case "index" when value.ValueKind == JsonValueKind.False:
                    Searchable = false;
                    break;
                case "null_value":
                    NullValue = value.Clone();
                    break;
            }
        }
    }

    /// <summary>Full dotted path, e.g. <c>title.keyword</c>.</summary>
    public string Path { get; }

    /// <summary>Declared type name, e.g. <c>integer</c> or <c>match_only_text</c>.</summary>
    public string TypeName { get; }

    public FieldKind Kind { get; }

    /// <summary>Mapping parameters other than type/fields, echoed by GET _mapping.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Parameters { get; }

    public IReadOnlyList<FieldMapping> MultiFields { get; }

    public string? Analyzer { get; }

    public string? SearchAnalyzer { get; }

    public int? IgnoreAbove { get; }

    public double ScalingFactor { get; } = 1;

    public bool Searchable { get; } = true;

    public JsonElement? NullValue { get; }

    /// <summary>Name of the last path segment (multi-field sub name for multi-fields).</summary>
    public string LeafName => Path[(Path.LastIndexOf('.') + 1)..];

    public double Normalize(double value) => Kind.Normalize(value, ScalingFactor);
}
