namespace Sidecar.StandIn.Mapping;

/// <summary>An immutable view of an index mapping.</summary>
public sealed class MappingSnapshot
{
    public static readonly MappingSnapshot Empty = new(
        new Dictionary<string, FieldMapping>(StringComparer.Ordinal),
        new HashSet<string>(StringComparer.Ordinal), DynamicMode.True, explicitDynamic: false);

    public MappingSnapshot(Dictionary<string, FieldMapping> leaves, HashSet<string> objects, DynamicMode dynamic,
        bool explicitDynamic)
    {
        Leaves = leaves;
        Objects = objects;
        Dynamic = dynamic;
        ExplicitDynamic = explicitDynamic;
        var all = new Dictionary<string, FieldMapping>(StringComparer.Ordinal);
        foreach (var leaf in leaves.Values)
        {
            all[leaf.Path] = leaf;
            foreach (var sub in leaf.MultiFields)
            {
                all[sub.Path] = sub;
            }
        }

        All = all;
    }

    /// <summary>Top-level leaf fields by path (not multi-fields).</summary>
    public IReadOnlyDictionary<string, FieldMapping> Leaves { get; }

    /// <summary>Every queryable field by path, multi-fields included.</summary>
    public IReadOnlyDictionary<string, FieldMapping> All { get; }

    /// <summary>Paths of object fields.</summary>
    public IReadOnlySet<string> Objects { get; }

    public DynamicMode Dynamic { get; }

    /// <summary>True when <c>dynamic</c> was set explicitly (then it is echoed by GET _mapping).</summary>
    public bool ExplicitDynamic { get; }

    public FieldMapping? Find(string path) => All.GetValueOrDefault(path);

    /// <summary>Returns a copy with the given leaves and objects added (existing ones replaced).</summary>
    public MappingSnapshot With(IEnumerable<FieldMapping> leaves, IEnumerable<string> objects,
        DynamicMode? dynamic = null)
    {
        var newLeaves = new Dictionary<string, FieldMapping>(Leaves, StringComparer.Ordinal);
        foreach (var leaf in leaves)
        {
            newLeaves[leaf.Path] = leaf;
        }

        var newObjects = new HashSet<string>(Objects, StringComparer.Ordinal);
        newObjects.UnionWith(objects);
        return new MappingSnapshot(newLeaves, newObjects, dynamic ?? Dynamic, ExplicitDynamic || dynamic is not null);
    }
}
