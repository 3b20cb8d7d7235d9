using System.Text.Json;
using Sidecar.StandIn.Analysis;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Mapping;

/// <summary>Parses the <c>mappings</c> object of create-index and PUT _mapping requests.</summary>
public static class MappingParser
{
    private static readonly HashSet<string> IgnoredRootKeys = new(StringComparer.Ordinal)
    {
        "_source", "_meta", "_routing", "dynamic_templates", "date_detection", "numeric_detection",
        "enabled", "runtime", "_field_names", "_data_stream_timestamp", "subobjects",
    };

    public static ParsedMapping Parse(JsonElement mappings)
    {
        if (mappings.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.MapperParsing("Failed to parse mapping: mappings must be an object");
        }

        var result = new ParsedMapping([], new HashSet<string>(StringComparer.Ordinal), null);
        DynamicMode? dynamic = null;
        foreach (var prop in mappings.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "properties":
                    ParseProperties(prop.Value, "", result);
                    break;
                case "dynamic":
                    dynamic = ParseDynamic(prop.Value);
                    break;
                default:
                    if (!IgnoredRootKeys.Contains(prop.Name))
                    {
                        throw EsErrors.MapperParsing(
                            $"Failed to parse mapping: Root mapping definition has unsupported parameters:  [{prop.Name} : {prop.Value.GetRawText()}]");
                    }

                    break;
            }
        }

        return result with { Dynamic = dynamic };
    }

    private static DynamicMode ParseDynamic(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        return text switch
        {
            "true" => DynamicMode.True,
            "false" or "runtime" => DynamicMode.False,
            "strict" => DynamicMode.Strict,
            _ => throw EsErrors.MapperParsing($"Failed to parse mapping: Unrecognized dynamic value [{text}]"),
        };
    }

    private static void ParseProperties(JsonElement properties, string prefix, ParsedMapping result)
    {
        if (properties.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.MapperParsing("Failed to parse mapping: [properties] must be an object");
        }

        foreach (var prop in properties.EnumerateObject())
        {
            // Dotted names ("user.name") are shorthand for nested objects.
            var parts = prop.Name.Split('.');
            var path = prefix;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                path += parts[i];
                result.Objects.Add(path);
                path += ".";
            }

            path += parts[^1];
            ParseField(path, prop.Value, result);
        }
    }

    private static void ParseField(string path, JsonElement def, ParsedMapping result)
    {
        if (def.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.MapperParsing($"Failed to parse mapping: Expected map for property [fields] on field [{path}] but got a class java.lang.String");
        }

        var type = def.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is null or "object" or "nested")
        {
            result.Objects.Add(path);
            if (def.TryGetProperty("properties", out var props))
            {
                ParseProperties(props, path + ".", result);
            }

            return;
        }

        result.Leaves.Add(ParseLeaf(path, type, def, allowMultiFields: true));
    }

    private static FieldMapping ParseLeaf(string path, string type, JsonElement def, bool allowMultiFields)
    {
        if (!FieldKinds.TryParse(type, out var kind))
        {
            throw EsErrors.MapperParsing($"Failed to parse mapping: No handler for type [{type}] declared on field [{path}]");
        }

        var parameters = new List<KeyValuePair<string, JsonElement>>();
        var multiFields = new List<FieldMapping>();
        foreach (var prop in def.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "type":
                    break;
                case "fields" when allowMultiFields:
                    foreach (var sub in prop.Value.EnumerateObject())
                    {
                        var subType = sub.Value.TryGetProperty("type", out var st) ? st.GetString() : null;
                        if (subType is null)
                        {
                            throw EsErrors.MapperParsing($"Failed to parse mapping: No type specified for field [{sub.Name}]");
                        }

                        multiFields.Add(ParseLeaf(path + "." + sub.Name, subType, sub.Value, allowMultiFields: false));
                    }

                    break;
                case "analyzer" or "search_analyzer" or "search_quote_analyzer":
                    var analyzer = prop.Value.GetString() ?? "";
                    if (!AnalyzerRegistry.IsKnown(analyzer))
                    {
                        throw EsErrors.MapperParsing($"Failed to parse mapping: analyzer [{analyzer}] has not been configured in mappings");
                    }

                    parameters.Add(new(prop.Name, prop.Value.Clone()));
                    break;
                default:
                    parameters.Add(new(prop.Name, prop.Value.Clone()));
                    break;
            }
        }

        if (kind == FieldKind.ScaledFloat && !parameters.Any(p => p.Key == "scaling_factor"))
        {
            throw EsErrors.MapperParsing($"Failed to parse mapping: Field [scaling_factor] is required");
        }

        return new FieldMapping(path, type, kind, parameters, multiFields);
    }
}
