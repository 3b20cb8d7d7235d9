using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Aggregations;

/// <summary>One terms ordering criterion: <c>_count</c>, <c>_key</c> or a single-value metric sub-aggregation.</summary>
public sealed record TermsOrder(string Target, bool Descending)
{
    public static List<TermsOrder> Parse(JsonElement order)
    {
        var result = new List<TermsOrder>();
        var items = order.ValueKind == JsonValueKind.Array ? [.. order.EnumerateArray()] : new List<JsonElement> { order };
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw EsErrors.Parsing("[order] must be an object or an array of objects");
            }

            foreach (var prop in item.EnumerateObject())
            {
                var direction = JsonValues.GetString(prop.Value, "order").ToLowerInvariant();
                var target = prop.Name == "_term" ? "_key" : prop.Name;
                result.Add(new TermsOrder(target, direction switch
                {
                    "asc" => false,
                    "desc" => true,
                    _ => throw EsErrors.IllegalArgument($"Unknown terms order direction [{direction}]"),
                }));
            }
        }

        return result;
    }
}
