using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.StandIn.Common;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Search;

/// <summary>
/// _source filtering: <c>true</c>/<c>false</c>, <c>"field"</c>, <c>["a","b*"]</c>,
/// <c>{"includes":[...],"excludes":[...]}</c> and the URL forms. Patterns match dotted paths with <c>*</c>;
/// including an object includes everything below it; empty objects left by filtering are dropped.
/// </summary>
public sealed class SourceFilter
{
    public static readonly SourceFilter All = new(true, [], []);
    public static readonly SourceFilter None = new(false, [], []);

    private SourceFilter(bool enabled, IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        Enabled = enabled;
        Includes = includes;
        Excludes = excludes;
    }

    public bool Enabled { get; }

    public IReadOnlyList<string> Includes { get; }

    public IReadOnlyList<string> Excludes { get; }

    public bool IsFull => Enabled && Includes.Count == 0 && Excludes.Count == 0;

    public static SourceFilter Parse(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.True:
                return All;
            case JsonValueKind.False:
                return None;
            case JsonValueKind.String or JsonValueKind.Array:
                return new SourceFilter(true, JsonValues.StringList(e, "_source"), []);
            case JsonValueKind.Object:
                var includes = new List<string>();
                var excludes = new List<string>();
                foreach (var prop in e.EnumerateObject())
                {
                    switch (prop.Name)
                    {
                        case "includes" or "include":
                            includes.AddRange(JsonValues.StringList(prop.Value, prop.Name));
                            break;
                        case "excludes" or "exclude":
                            excludes.AddRange(JsonValues.StringList(prop.Value, prop.Name));
                            break;
                        case "exclude_vectors" when prop.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                            // Elasticsearch 9.2+. The stand-in keeps vectors in _source (as indices with
                            // index.mapping.exclude_source_vectors: false do), so there is nothing to put back.
                            break;
                        default:
                            throw EsErrors.Parsing($"Unknown key for a START_ARRAY in [{prop.Name}].");
                    }
                }

                return new SourceFilter(true, includes, excludes);
            default:
                throw EsErrors.Parsing("Expected one of [TRUE, FALSE, STRING, START_ARRAY, START_OBJECT] for [_source]");
        }
    }

    /// <summary>URL parameters <c>_source</c>, <c>_source_includes</c>, <c>_source_excludes</c>; null when absent.</summary>
    public static SourceFilter? FromUrl(string? source, string? includes, string? excludes)
    {
        if (source is null && includes is null && excludes is null)
        {
            return null;
        }

        if (source is "false")
        {
            return None;
        }

        var inc = new List<string>();
        if (source is not null and not "true" and not "")
        {
            inc.AddRange(Split(source));
        }

        if (includes is not null)
        {
            inc.AddRange(Split(includes));
        }

        return new SourceFilter(true, inc, excludes is null ? [] : Split(excludes));
    }

    /// <summary>Writes the (filtered) source as the value of the current property.</summary>
    public void Write(Utf8JsonWriter w, byte[] source)
    {
        if (IsFull && !w.Options.Indented)
        {
            w.WriteRawValue(source, skipInputValidation: true);
            return;
        }

        if (IsFull)
        {
            using var doc = JsonDocument.Parse(source);
            doc.RootElement.WriteTo(w);
            return;
        }

        var node = JsonNode.Parse(source) as JsonObject ?? [];
        FilterObject(node, "");
        node.WriteTo(w);
    }

    private void FilterObject(JsonObject obj, string prefix)
    {
        foreach (var (name, value) in obj.ToList())
        {
            var path = prefix + name;
            if (Excludes.Any(p => Glob.IsMatch(p, path)))
            {
                obj.Remove(name);
                continue;
            }

            var fullyIncluded = Includes.Count == 0 || Includes.Any(p => Glob.IsMatch(p, path));
            if (!fullyIncluded && !Includes.Any(p => Glob.HasWildcard(p) || p.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                obj.Remove(name);
                continue;
            }

            if (!KeepValue(value, path + ".", fullyIncluded))
            {
                obj.Remove(name);
            }
        }
    }

    /// <summary>Filters below a value; false when nothing of it should stay.</summary>
    private bool KeepValue(JsonNode? value, string prefix, bool fullyIncluded)
    {
        switch (value)
        {
            case JsonObject child:
                if (fullyIncluded && Excludes.Count == 0)
                {
                    return true;
                }

                FilterChild(child, prefix, fullyIncluded);
                return child.Count > 0 || fullyIncluded;
            case JsonArray array:
                foreach (var item in array.ToList())
                {
                    if (!KeepValue(item, prefix, fullyIncluded))
                    {
                        array.Remove(item);
                    }
                }

                return array.Count > 0 || fullyIncluded;
            default:
                return fullyIncluded;
        }
    }

    private void FilterChild(JsonObject child, string prefix, bool fullyIncluded)
    {
        if (!fullyIncluded)
        {
            FilterObject(child, prefix);
            return;
        }

        foreach (var (name, value) in child.ToList())
        {
            var path = prefix + name;
            if (Excludes.Any(p => Glob.IsMatch(p, path)) || !KeepValue(value, path + ".", fullyIncluded: true))
            {
                child.Remove(name);
            }
        }
    }

    private static List<string> Split(string s) =>
        [.. s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
