using Sidecar.StandIn.Common;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Indexing;

/// <summary>All indices of the stand-in, and resolution of index expressions (<c>a,b*,-b2</c>, <c>_all</c>).</summary>
public sealed class IndexRegistry : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StandInIndex> _indices = new(StringComparer.Ordinal);

    /// <summary>All indices, sorted by name.</summary>
    public IReadOnlyList<StandInIndex> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _indices.Values.OrderBy(i => i.Name, StringComparer.Ordinal)];
            }
        }
    }

    public StandInIndex Create(string name, IndexSettings settings, ParsedMapping? mapping)
    {
        IndexNames.Validate(name);
        lock (_lock)
        {
            if (_indices.TryGetValue(name, out var existing))
            {
                throw EsErrors.ResourceAlreadyExists(name, existing.Uuid);
            }

            var index = new StandInIndex(name, settings, mapping);
            _indices[name] = index;
            return index;
        }
    }

    /// <summary>The index for a write, created with defaults when missing (auto-create).</summary>
    public StandInIndex GetOrCreate(string name)
    {
        lock (_lock)
        {
            if (_indices.TryGetValue(name, out var existing))
            {
                return existing;
            }
        }

        IndexNames.Validate(name);
        lock (_lock)
        {
            if (!_indices.TryGetValue(name, out var index))
            {
                index = new StandInIndex(name, new IndexSettings(null), null);
                _indices[name] = index;
            }

            return index;
        }
    }

    public bool TryGet(string name, out StandInIndex index)
    {
        lock (_lock)
        {
            return _indices.TryGetValue(name, out index!);
        }
    }

    public StandInIndex Get(string name) => TryGet(name, out var index) ? index : throw EsErrors.IndexNotFound(name);

    public void Delete(string name)
    {
        StandInIndex? index;
        lock (_lock)
        {
            if (!_indices.Remove(name, out index))
            {
                throw EsErrors.IndexNotFound(name);
            }
        }

        index.Dispose();
    }

    /// <summary>
    /// Resolves an index expression. Missing concrete names throw index_not_found_exception unless
    /// <paramref name="ignoreUnavailable"/>; wildcards may match nothing.
    /// </summary>
    public IReadOnlyList<StandInIndex> Resolve(string? expression, bool ignoreUnavailable = false)
    {
        var all = All;
        if (string.IsNullOrEmpty(expression) || expression is "_all" or "*")
        {
            return [.. all.Where(i => !i.Name.StartsWith('.'))];
        }

        var result = new List<StandInIndex>();
        var sawWildcard = false;
        foreach (var part in expression.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith('-') && sawWildcard)
            {
                var exclude = part[1..];
                result.RemoveAll(i => Glob.IsMatch(exclude, i.Name));
                continue;
            }

            if (Glob.HasWildcard(part) || part == "_all")
            {
                sawWildcard = true;
                var pattern = part == "_all" ? "*" : part;
                result.AddRange(all.Where(i => Glob.IsMatch(pattern, i.Name)
                    && (pattern.StartsWith('.') || !i.Name.StartsWith('.')) && !result.Contains(i)));
                continue;
            }

            if (TryGet(part, out var index))
            {
                if (!result.Contains(index))
                {
                    result.Add(index);
                }
            }
            else if (!ignoreUnavailable)
            {
                throw EsErrors.IndexNotFound(part);
            }
        }

        return result;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var index in _indices.Values)
            {
                index.Dispose();
            }

            _indices.Clear();
        }
    }
}
