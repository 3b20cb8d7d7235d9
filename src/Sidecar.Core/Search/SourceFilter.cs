using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sidecar.Search;

/// <summary>
/// Applies a client's <see cref="SourceSpec"/> to a <c>_source</c> object, with Elasticsearch's
/// semantics: patterns match dotted full paths, an included object brings its whole subtree, an
/// object reached only through a deeper include keeps just the matching children, excludes win.
/// Untouched values are copied as raw JSON.
/// </summary>
public static class SourceFilter
{
    public static void Write(Utf8JsonWriter writer, JsonElement source, SourceSpec spec)
    {
        if (source.ValueKind != JsonValueKind.Object || spec.IsAll)
        {
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(source), skipInputValidation: true);
            return;
        }

        writer.WriteStartObject();
        WriteMembers(writer, source, string.Empty, spec);
        writer.WriteEndObject();
    }

    private static void WriteMembers(Utf8JsonWriter writer, JsonElement obj, string prefix, SourceSpec spec)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var path = prefix.Length == 0 ? p.Name : prefix + "." + p.Name;
            if (AnyMatch(spec.Excludes, path))
            {
                continue;
            }

            var included = spec.Includes.Count == 0 || AnyMatch(spec.Includes, path);
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                var excludeInside = AnyCouldMatchBelow(spec.Excludes, path);
                if (included && !excludeInside)
                {
                    writer.WritePropertyName(p.Name); // raw copy: JsonProperty.WriteTo re-decodes strings and throws on lone surrogates
                    writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(p.Value), skipInputValidation: true);
                }
                else if (included || AnyCouldMatchBelow(spec.Includes, path))
                {
                    WriteFilteredObject(writer, p, path, spec, keepEmpty: included);
                }
            }
            else if (included)
            {
                writer.WritePropertyName(p.Name);
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(p.Value), skipInputValidation: true);
            }
        }
    }

    private static void WriteFilteredObject(Utf8JsonWriter writer, JsonProperty p, string path, SourceSpec spec, bool keepEmpty)
    {
        // Elasticsearch drops objects that end up empty unless they were included as a whole.
        var childSpec = spec.Includes.Count == 0 || AnyMatch(spec.Includes, path) ? spec with { Includes = [] } : spec;
        if (!keepEmpty && !HasAnyIncluded(p.Value, path, childSpec))
        {
            return;
        }

        writer.WritePropertyName(p.Name);
        writer.WriteStartObject();
        WriteMembers(writer, p.Value, path, childSpec);
        writer.WriteEndObject();
    }

    private static bool HasAnyIncluded(JsonElement obj, string prefix, SourceSpec spec)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var path = prefix + "." + p.Name;
            if (AnyMatch(spec.Excludes, path))
            {
                continue;
            }

            if (spec.Includes.Count == 0 || AnyMatch(spec.Includes, path))
            {
                return true;
            }

            if (p.Value.ValueKind == JsonValueKind.Object && AnyCouldMatchBelow(spec.Includes, path) && HasAnyIncluded(p.Value, path, spec))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyMatch(IReadOnlyList<string> patterns, string path)
    {
        foreach (var p in patterns)
        {
            if (Configuration.IndexPattern.SimpleMatch(p, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some pattern could match a path below <paramref name="path"/> (<c>path.x...</c>).</summary>
    private static bool AnyCouldMatchBelow(IReadOnlyList<string> patterns, string path)
    {
        var prefix = path + ".";
        foreach (var p in patterns)
        {
            if (CanMatchWithPrefix(p, 0, prefix, 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CanMatchWithPrefix(string pattern, int pi, string text, int ti)
    {
        while (true)
        {
            if (ti == text.Length)
            {
                return true;
            }

            if (pi == pattern.Length)
            {
                return false;
            }

            if (pattern[pi] == '*')
            {
                return CanMatchWithPrefix(pattern, pi + 1, text, ti) || CanMatchWithPrefix(pattern, pi, text, ti + 1);
            }

            if (pattern[pi] != text[ti])
            {
                return false;
            }

            pi++;
            ti++;
        }
    }
}
