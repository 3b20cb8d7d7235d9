using System.Globalization;
using System.Text.Json;
using Sidecar.StandIn.Analysis;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// Index settings as a flat <c>index.*</c> dictionary. Understood: number_of_shards / number_of_replicas
/// (echoed only; there is always one shard), max_result_window, and analysis.analyzer.default.type
/// (one of the built-in analyzers) to change the default text analyzer.
/// </summary>
public sealed class IndexSettings
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IndexSettings(JsonElement? settings)
    {
        if (settings is { ValueKind: JsonValueKind.Object } s)
        {
            Flatten(s, "");
        }

        if (_values.TryGetValue("index.analysis.analyzer.default.type", out var analyzer))
        {
            DefaultAnalyzer = AnalyzerRegistry.IsKnown(analyzer)
                ? analyzer
                : throw EsErrors.IllegalArgument($"failed to find analyzer type [{analyzer}] or tokenizer for [default]");
        }

        _values.TryAdd("index.number_of_shards", "1");
        _values.TryAdd("index.number_of_replicas", "1");
        Replicas = ParseInt("index.number_of_replicas", 1);
        MaxResultWindow = ParseInt("index.max_result_window", 10000);
    }

    public int Replicas { get; }

    public int MaxResultWindow { get; }

    public string DefaultAnalyzer { get; } = AnalyzerRegistry.DefaultTextAnalyzer;

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Writes the settings nested the way GET /{index}/_settings does (all values as strings).</summary>
    public void Write(Utf8JsonWriter w, IReadOnlyDictionary<string, string> extra)
    {
        var all = new SortedDictionary<string, string>(_values, StringComparer.Ordinal);
        foreach (var (k, v) in extra)
        {
            all[k] = v;
        }

        var root = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in all)
        {
            var parts = key.Split('.');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (node.GetValueOrDefault(parts[i]) is not SortedDictionary<string, object> child)
                {
                    child = new SortedDictionary<string, object>(StringComparer.Ordinal);
                    node[parts[i]] = child;
                }

                node = child;
            }

            node[parts[^1]] = value;
        }

        WriteNode(w, root);
    }

    private static void WriteNode(Utf8JsonWriter w, SortedDictionary<string, object> node)
    {
        w.WriteStartObject();
        foreach (var (key, value) in node)
        {
            w.WritePropertyName(key);
            if (value is SortedDictionary<string, object> child)
            {
                WriteNode(w, child);
            }
            else
            {
                w.WriteStringValue((string)value);
            }
        }

        w.WriteEndObject();
    }

    private void Flatten(JsonElement e, string prefix)
    {
        foreach (var prop in e.EnumerateObject())
        {
            var key = prefix + prop.Name;
            if (prop.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(prop.Value, key + ".");
                continue;
            }

            if (!key.StartsWith("index.", StringComparison.Ordinal))
            {
                key = "index." + key;
            }

            _values[key] = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString()! : prop.Value.GetRawText();
        }
    }

    private int ParseInt(string key, int fallback) =>
        !_values.TryGetValue(key, out var v)
            ? fallback
            : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
                ? i
                : throw EsErrors.IllegalArgument($"Failed to parse value [{v}] for setting [{key}]");
}
