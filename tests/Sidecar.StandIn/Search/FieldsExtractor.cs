using System.Text.Json;
using Sidecar.StandIn.Common;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Search;

/// <summary>The <c>fields</c> search option: values of mapped fields matching the patterns, read from _source.</summary>
public static class FieldsExtractor
{
    public static byte[]? Extract(byte[] source, IReadOnlyList<string> patterns, MappingSnapshot mapping)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(source);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Sidecar.StandIn.Json.JsonWriting.Compact))
        {
            w.WriteStartObject();
            foreach (var (path, field) in mapping.All.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!patterns.Any(p => Glob.IsMatch(p, path)))
                {
                    continue;
                }

                var sourcePath = mapping.Leaves.ContainsKey(path) ? path : path[..path.LastIndexOf('.')];
                var values = new List<JsonElement>();
                Collect(doc.RootElement, sourcePath.Split('.'), 0, values);
                if (field.IgnoreAbove is { } max)
                {
                    values.RemoveAll(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length > max);
                }

                if (values.Count == 0)
                {
                    continue;
                }

                w.WritePropertyName(path);
                w.WriteStartArray();
                values.ForEach(v => v.WriteTo(w));
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Collect(JsonElement node, string[] parts, int depth, List<JsonElement> values)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                Collect(item, parts, depth, values);
            }

            return;
        }

        if (depth == parts.Length)
        {
            if (node.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object))
            {
                values.Add(node.Clone());
            }

            return;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // Dotted keys in the source ("a.b": 1) are equivalent to nested objects.
        for (var take = parts.Length - depth; take >= 1; take--)
        {
            if (node.TryGetProperty(string.Join('.', parts, depth, take), out var child))
            {
                Collect(child, parts, depth + take, values);
            }
        }
    }
}
