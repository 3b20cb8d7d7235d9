using System.Text.Json;

namespace Sidecar.StandIn.Mapping;

/// <summary>Renders a mapping the way GET _mapping does (nested properties, alphabetical order).</summary>
public static class MappingWriter
{
    public static void Write(Utf8JsonWriter w, MappingSnapshot mapping)
    {
        w.WriteStartObject();
        if (mapping.ExplicitDynamic)
        {
            w.WriteString("dynamic", mapping.Dynamic switch
            {
                DynamicMode.Strict => "strict",
                DynamicMode.False => "false",
                _ => "true",
            });
        }

        if (mapping.Leaves.Count > 0 || mapping.Objects.Count > 0)
        {
            WriteProperties(w, mapping, "");
        }

        w.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter w, MappingSnapshot mapping, string prefix)
    {
        var children = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in mapping.Leaves.Keys.Concat(mapping.Objects))
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('.', prefix.Length) < 0)
            {
                children[path[prefix.Length..]] = path;
            }
        }

        w.WritePropertyName("properties");
        w.WriteStartObject();
        foreach (var (name, path) in children)
        {
            w.WritePropertyName(name);
            if (mapping.Leaves.TryGetValue(path, out var leaf))
            {
                WriteLeaf(w, leaf);
            }
            else
            {
                w.WriteStartObject();
                WriteProperties(w, mapping, path + ".");
                w.WriteEndObject();
            }
        }

        w.WriteEndObject();
    }

    private static void WriteLeaf(Utf8JsonWriter w, FieldMapping field)
    {
        w.WriteStartObject();
        w.WriteString("type", field.TypeName);
        foreach (var (key, value) in field.Parameters)
        {
            w.WritePropertyName(key);
            value.WriteTo(w);
        }

        if (field.MultiFields.Count > 0)
        {
            w.WritePropertyName("fields");
            w.WriteStartObject();
            foreach (var sub in field.MultiFields.OrderBy(f => f.LeafName, StringComparer.Ordinal))
            {
                w.WritePropertyName(sub.LeafName);
                WriteLeaf(w, sub);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
