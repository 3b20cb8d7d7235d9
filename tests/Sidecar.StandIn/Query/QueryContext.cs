using Sidecar.StandIn.Common;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Query;

/// <summary>What query building needs to know about the index being searched.</summary>
public sealed class QueryContext
{
    public QueryContext(StandInIndex index)
        : this(index.Name, index.Uuid, index.Mapping.Current, index.DefaultAnalyzer)
    {
    }

    public QueryContext(string indexName, string indexUuid, MappingSnapshot mapping, string defaultAnalyzer)
    {
        IndexName = indexName;
        IndexUuid = indexUuid;
        Mapping = mapping;
        DefaultAnalyzer = defaultAnalyzer;
    }

    public string IndexName { get; }

    public string IndexUuid { get; }

    public MappingSnapshot Mapping { get; }

    public string DefaultAnalyzer { get; }

    public FieldMapping? Field(string path) => Mapping.Find(path);

    /// <summary>Shard-level query failure (reported as search_phase_execution_exception by searches).</summary>
    public EsException ShardError(string reason) => EsErrors.QueryShard(reason, IndexName, IndexUuid);

    /// <summary>
    /// Expands field patterns (<c>title^2</c>, <c>name*</c>); with no patterns, every indexed field
    /// (Elasticsearch's <c>index.query.default_field: *</c>), which is then queried leniently.
    /// </summary>
    public List<(string Path, float Boost)> ResolveFields(IReadOnlyList<string>? patterns, out bool allFields)
    {
        var result = new List<(string, float)>();
        allFields = patterns is null || patterns.Count == 0 || (patterns.Count == 1 && patterns[0] is "*" or "_all");
        if (allFields)
        {
            foreach (var (path, field) in Mapping.All.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (field.Kind.IsIndexed() && field.Searchable)
                {
                    result.Add((path, 1f));
                }
            }

            return result;
        }

        foreach (var spec in patterns!)
        {
            var caret = spec.LastIndexOf('^');
            var pattern = caret > 0 ? spec[..caret] : spec;
            var boost = caret > 0 && float.TryParse(spec[(caret + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : 1f;
            if (Glob.HasWildcard(pattern))
            {
                foreach (var path in Mapping.All.Keys.Where(p => Glob.IsMatch(pattern, p)).OrderBy(p => p, StringComparer.Ordinal))
                {
                    if (Mapping.All[path].Kind.IsIndexed())
                    {
                        result.Add((path, boost));
                    }
                }
            }
            else
            {
                result.Add((pattern, boost));
            }
        }

        return result;
    }
}
