using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Mapping;

/// <summary>
/// The mutable mapping of one index. Readers take <see cref="Current"/> (an immutable snapshot);
/// writers replace it under a lock (copy-on-write), so searches never see a half-updated mapping.
/// </summary>
public sealed class IndexMapping
{
    private readonly Lock _lock = new();
    private volatile MappingSnapshot _current = MappingSnapshot.Empty;

    public MappingSnapshot Current => _current;

    /// <summary>Merges explicit mappings (from create index or PUT _mapping).</summary>
    public void Merge(ParsedMapping parsed)
    {
        lock (_lock)
        {
            var current = _current;
            var merged = new List<FieldMapping>();
            foreach (var field in parsed.Leaves)
            {
                if (current.Leaves.TryGetValue(field.Path, out var existing))
                {
                    if (existing.TypeName != field.TypeName)
                    {
                        throw EsErrors.IllegalArgument(
                            $"mapper [{field.Path}] cannot be changed from type [{existing.TypeName}] to [{field.TypeName}]");
                    }

                    merged.Add(MergeMultiFields(existing, field));
                }
                else if (current.Objects.Contains(field.Path))
                {
                    throw EsErrors.IllegalArgument(
                        $"can't merge a non object mapping [{field.Path}] with an object mapping");
                }
                else
                {
                    merged.Add(field);
                }
            }

            _current = current.With(merged, parsed.Objects, parsed.Dynamic);
        }
    }

    /// <summary>Adds dynamically detected fields (skips ones another writer added meanwhile).</summary>
    public void AddDynamic(IReadOnlyCollection<FieldMapping> leaves, IReadOnlyCollection<string> objects)
    {
        if (leaves.Count == 0 && objects.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            var current = _current;
            _current = current.With(leaves.Where(l => !current.Leaves.ContainsKey(l.Path)), objects);
        }
    }

    private static FieldMapping MergeMultiFields(FieldMapping existing, FieldMapping incoming)
    {
        var subs = existing.MultiFields.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var sub in incoming.MultiFields)
        {
            subs[sub.Path] = sub;
        }

        return new FieldMapping(existing.Path, existing.TypeName, existing.Kind, incoming.Parameters,
            [.. subs.Values.OrderBy(s => s.Path, StringComparer.Ordinal)]);
    }
}
