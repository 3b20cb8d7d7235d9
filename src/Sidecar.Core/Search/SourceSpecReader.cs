using System.Text.Json;

namespace Sidecar.Search;

/// <summary>Reads the <c>_source</c> request from the body and the URL (<c>_source</c>, <c>_source_includes</c>, <c>_source_excludes</c>).</summary>
internal static class SourceSpecReader
{
    /// <summary>The combined spec, or null when it is malformed (the request then goes to Elasticsearch as is).</summary>
    public static SourceSpec? Read(JsonElement root, QueryParameters query)
    {
        var spec = SourceSpec.All;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("_source"u8, out var s))
        {
            var fromBody = FromBody(s);
            if (fromBody is null)
            {
                return null;
            }

            spec = fromBody;
        }

        if (query.Get("_source") is { } urlSource)
        {
            spec = urlSource switch
            {
                "true" or "" => SourceSpec.All,
                "false" => SourceSpec.None,
                _ => new SourceSpec(true, SplitList(urlSource), []),
            };
        }

        var includes = query.Get("_source_includes") ?? query.Get("_source_include");
        var excludes = query.Get("_source_excludes") ?? query.Get("_source_exclude");
        if (includes is not null || excludes is not null)
        {
            spec = new SourceSpec(true,
                includes is null ? (spec.Enabled ? spec.Includes : []) : SplitList(includes),
                excludes is null ? spec.Excludes : SplitList(excludes));
        }

        return spec;
    }

    private static SourceSpec? FromBody(JsonElement s)
    {
        switch (s.ValueKind)
        {
            case JsonValueKind.True:
                return SourceSpec.All;
            case JsonValueKind.False:
                return SourceSpec.None;
            case JsonValueKind.String:
            case JsonValueKind.Array:
                return Strings(s) is { } list ? new SourceSpec(true, list, []) : null;
            case JsonValueKind.Object:
                IReadOnlyList<string>? inc = [], exc = [];
                foreach (var p in s.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "includes" or "include":
                            inc = Strings(p.Value);
                            break;
                        case "excludes" or "exclude":
                            exc = Strings(p.Value);
                            break;
                        default:
                            return null;
                    }

                    if (inc is null || exc is null)
                    {
                        return null;
                    }
                }

                return new SourceSpec(true, inc!, exc!);
            default:
                return null;
        }
    }

    private static List<string>? Strings(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            return [e.GetString()!];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    private static string[] SplitList(string s) => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
