using System.Text.Json;

namespace Sidecar.Search;

/// <summary>Dotted-path lookups in a <c>_source</c> object, as Elasticsearch resolves field names.</summary>
internal static class SourcePath
{
    public static bool TryGet(JsonElement source, string path, out JsonElement value)
    {
        value = default;
        if (source.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (source.TryGetProperty(path, out value))
        {
            return value.ValueKind != JsonValueKind.Null;
        }

        var dot = path.IndexOf('.', StringComparison.Ordinal);
        while (dot > 0)
        {
            if (source.TryGetProperty(path.AsSpan(0, dot), out var head) &&
                TryGet(head, path[(dot + 1)..], out value))
            {
                return true;
            }

            dot = path.IndexOf('.', dot + 1);
        }

        value = default;
        return false;
    }
}
