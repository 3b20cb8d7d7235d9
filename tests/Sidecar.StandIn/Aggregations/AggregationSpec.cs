using System.Text.Json;

namespace Sidecar.StandIn.Aggregations;

/// <summary>A requested aggregation; computes and writes its result over a set of hits.</summary>
public abstract class AggregationSpec
{
    protected AggregationSpec(string name, string field, JsonElement? meta)
    {
        Name = name;
        Field = field;
        Meta = meta;
    }

    public string Name { get; }

    public string Field { get; }

    public JsonElement? Meta { get; }

    /// <summary>Writes <c>"name": {...}</c> (or <c>"type#name"</c> with typed_keys).</summary>
    public abstract void Write(Utf8JsonWriter w, IReadOnlyList<Search.Hit> hits, AggregationContext ctx, bool typedKeys);

    protected void WriteName(Utf8JsonWriter w, string type, bool typedKeys) =>
        w.WritePropertyName(typedKeys ? type + "#" + Name : Name);

    protected void WriteMeta(Utf8JsonWriter w)
    {
        if (Meta is { } meta)
        {
            w.WritePropertyName("meta");
            meta.WriteTo(w);
        }
    }
}
