using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Configuration;

/// <summary>
/// A position in a YAML document with typed, validating accessors. Every accessor records the key as
/// known, so <see cref="ReportUnknownKeys"/> can flag typos; every problem goes to the shared
/// <see cref="ConfigErrors"/> with its YAML path and line instead of throwing.
/// </summary>
public sealed class ConfigNode
{
    private readonly YamlNode? _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public ConfigNode(YamlNode? node, string path, ConfigErrors errors)
    {
        _node = node;
        Path = path;
        Errors = errors;
    }

    public string Path { get; }

    public ConfigErrors Errors { get; }

    public int Line => _node is null ? 0 : (int)_node.Start.Line;

    public int Column => _node is null ? 0 : (int)_node.Start.Column;

    public bool IsMissing => _node is null || (_node is YamlScalarNode s && IsNull(s));

    public bool Has(string key) => Child(key, markKnown: false) is { IsMissing: false };

    public ConfigNode Child(string key) => Child(key, markKnown: true);

    private ConfigNode Child(string key, bool markKnown)
    {
        if (markKnown)
        {
            _known.Add(key);
        }

        YamlNode? child = null;
        if (_node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            child = value;
        }

        return new ConfigNode(child, Path.Length == 0 ? key : Path + "." + key, Errors);
    }

    public string? String(string key, string? defaultValue = null, bool required = false)
    {
        var c = Child(key);
        if (c.IsMissing)
        {
            if (required)
            {
                Errors.Add(Path.Length == 0 ? key : Path + "." + key, Line, Column, "is required");
            }

            return defaultValue;
        }

        return c.AsScalar();
    }

    public int Int(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var c = Child(key);
        if (c.IsMissing)
        {
            return defaultValue;
        }

        var text = c.AsScalar();
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            Errors.Add(c, $"expected an integer, got '{text}'");
            return defaultValue;
        }

        if (v < min || v > max)
        {
            Errors.Add(c, $"must be between {min} and {max}, got {v}");
            return defaultValue;
        }

        return v;
    }

    public long Long(string key, long defaultValue, long min = long.MinValue, long max = long.MaxValue)
    {
        var c = Child(key);
        if (c.IsMissing || c.AsScalar() is not { } text)
        {
            return defaultValue;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            Errors.Add(c, $"expected an integer, got '{text}'");
            return defaultValue;
        }

        if (v < min || v > max)
        {
            Errors.Add(c, $"must be between {min} and {max}, got {v}");
            return defaultValue;
        }

        return v;
    }

    public double Double(string key, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        var c = Child(key);
        return c.IsMissing ? defaultValue : c.AsDouble(defaultValue, min, max);
    }

    public double? OptionalDouble(string key)
    {
        var c = Child(key);
        return c.IsMissing ? null : c.AsDouble(0, double.MinValue, double.MaxValue);
    }

    public double AsDouble(double defaultValue, double min, double max)
    {
        var text = AsScalar();
        if (text is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            Errors.Add(this, $"expected a number, got '{text}'");
            return defaultValue;
        }

        if (v < min || v > max)
        {
            Errors.Add(this, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {text}");
            return defaultValue;
        }

        return v;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var c = Child(key);
        if (c.IsMissing || c.AsScalar() is not { } text)
        {
            return defaultValue;
        }

        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Errors.Add(c, $"expected true or false, got '{text}'");
                return defaultValue;
        }
    }

    /// <summary>Reads one of <paramref name="allowed"/> (case-insensitive), reporting the choices when it is not.</summary>
    public string Enum(string key, string defaultValue, params string[] allowed)
    {
        var c = Child(key);
        if (c.IsMissing || c.AsScalar() is not { } text)
        {
            return defaultValue;
        }

        foreach (var a in allowed)
        {
            if (string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        Errors.Add(c, $"'{text}' is not one of: {string.Join(", ", allowed)}");
        return defaultValue;
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-element list.</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        var c = Child(key);
        return c.IsMissing ? [] : c.AsListOfScalars();
    }

    /// <summary>This node as a list of strings; a single scalar is a one-element list.</summary>
    public IReadOnlyList<string> AsListOfScalars()
    {
        if (_node is YamlScalarNode)
        {
            return AsScalar() is { } one ? [one] : [];
        }

        if (_node is not YamlSequenceNode seq)
        {
            Errors.Add(this, "expected a list of strings");
            return [];
        }

        var result = new List<string>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (new ConfigNode(seq.Children[i], $"{Path}[{i}]", Errors).AsScalar() is { } s)
            {
                result.Add(s);
            }
        }

        return result;
    }

    /// <summary>The children of a sequence of mappings.</summary>
    public IReadOnlyList<ConfigNode> Items(string key)
    {
        var c = Child(key);
        if (c.IsMissing)
        {
            return [];
        }

        if (c._node is not YamlSequenceNode seq)
        {
            Errors.Add(c, "expected a list");
            return [];
        }

        var result = new List<ConfigNode>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = new ConfigNode(seq.Children[i], $"{c.Path}[{i}]", Errors);
            if (seq.Children[i] is not YamlMappingNode)
            {
                Errors.Add(item, "expected a mapping (key: value pairs)");
                continue;
            }

            result.Add(item);
        }

        return result;
    }

    /// <summary>A nested mapping; missing yields an empty node whose accessors return defaults.</summary>
    public ConfigNode Section(string key)
    {
        var c = Child(key);
        if (!c.IsMissing && c._node is not YamlMappingNode)
        {
            Errors.Add(c, "expected a mapping (key: value pairs)");
            return new ConfigNode(null, c.Path, Errors);
        }

        return c;
    }

    /// <summary>Keys and string values of a mapping whose keys are free-form (e.g. a synonym map).</summary>
    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries()
    {
        if (_node is not YamlMappingNode map)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, ConfigNode>>(map.Children.Count);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? string.Empty;
            _known.Add(key);
            result.Add(new(key, new ConfigNode(v, Path.Length == 0 ? key : Path + "." + key, Errors)));
        }

        return result;
    }

    public string? AsScalar()
    {
        if (_node is YamlScalarNode s)
        {
            return IsNull(s) ? null : s.Value;
        }

        if (_node is not null)
        {
            Errors.Add(this, "expected a single value");
        }

        return null;
    }

    /// <summary>Flags every key of this mapping that no accessor asked for (typos, unsupported options).</summary>
    public void ReportUnknownKeys()
    {
        if (_node is not YamlMappingNode map)
        {
            return;
        }

        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "?";
            if (!_known.Contains(key))
            {
                Errors.Add(Path.Length == 0 ? key : Path + "." + key, (int)k.Start.Line, (int)k.Start.Column,
                    "unknown key" + (_known.Count > 0 ? $" (known here: {string.Join(", ", _known.Order(StringComparer.Ordinal))})" : string.Empty));
            }
        }
    }

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");
}
