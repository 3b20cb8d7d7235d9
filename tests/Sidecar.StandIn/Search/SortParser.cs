using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Search;

/// <summary>
/// Parses <c>sort</c>: <c>"price"</c>, <c>{"price":"desc"}</c>, <c>{"price":{"order":"desc","missing":"_first",
/// "mode":"max","unmapped_type":"long"}}</c>, arrays of those, and the URL form <c>price:desc,_score</c>.
/// </summary>
public static class SortParser
{
    public static List<SortSpec> Parse(JsonElement sort)
    {
        var specs = new List<SortSpec>();
        if (sort.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sort.EnumerateArray())
            {
                specs.Add(ParseOne(item));
            }
        }
        else
        {
            specs.Add(ParseOne(sort));
        }

        return specs;
    }

    public static List<SortSpec> ParseUrl(string sort)
    {
        var specs = new List<SortSpec>();
        foreach (var part in sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            var field = colon > 0 ? part[..colon] : part;
            var order = colon > 0 ? part[(colon + 1)..] : null;
            specs.Add(Make(field, order, null, null, null));
        }

        return specs;
    }

    private static SortSpec ParseOne(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return Make(item.GetString()!, null, null, null, null);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.Parsing($"malformed sort format, expected a string or an object but found [{item.ValueKind}]");
        }

        SortSpec? spec = null;
        foreach (var prop in item.EnumerateObject())
        {
            if (spec is not null)
            {
                throw EsErrors.Parsing($"malformed sort format, only one field per sort object expected, found [{prop.Name}]");
            }

            if (prop.Name is "_geo_distance" or "_script")
            {
                throw EsErrors.NotSupported($"{prop.Name} sort");
            }

            if (prop.Value.ValueKind == JsonValueKind.String)
            {
                spec = Make(prop.Name, prop.Value.GetString(), null, null, null);
                continue;
            }

            string? order = null, missing = null, mode = null, unmappedType = null;
            foreach (var option in prop.Value.EnumerateObject())
            {
                switch (option.Name)
                {
                    case "order":
                        order = JsonValues.GetString(option.Value, option.Name);
                        break;
                    case "missing":
                        missing = JsonValues.GetString(option.Value, option.Name);
                        break;
                    case "mode":
                        mode = JsonValues.GetString(option.Value, option.Name);
                        break;
                    case "unmapped_type":
                        unmappedType = JsonValues.GetString(option.Value, option.Name);
                        break;
                    case "numeric_type" or "format":
                        break;
                    case "nested":
                        throw EsErrors.NotSupported("nested sort");
                    default:
                        throw EsErrors.Parsing($"[field_sort] unknown field [{option.Name}]");
                }
            }

            spec = Make(prop.Name, order, missing, mode, unmappedType);
        }

        return spec ?? throw EsErrors.Parsing("malformed sort format, empty sort object");
    }

    private static SortSpec Make(string field, string? order, string? missing, string? mode, string? unmappedType)
    {
        var descending = order?.ToLowerInvariant() switch
        {
            null => field == "_score",
            "asc" => false,
            "desc" => true,
            _ => throw EsErrors.IllegalArgument($"Unknown SortOrder [{order}]"),
        };
        if (mode is not null && mode is not ("min" or "max" or "avg" or "sum" or "median"))
        {
            throw EsErrors.IllegalArgument($"Unknown SortMode [{mode}]");
        }

        var missingFirst = missing == "_first";
        var missingValue = missing is null or "_first" or "_last" ? null : missing;
        return new SortSpec(field, descending, missingFirst, missingValue, mode, unmappedType);
    }
}
