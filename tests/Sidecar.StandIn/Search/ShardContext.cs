using Lucene.Net.Index;
using Lucene.Net.Search;
using Sidecar.StandIn.Indexing;
using Sidecar.StandIn.Mapping;
using Sidecar.StandIn.Query;

namespace Sidecar.StandIn.Search;

/// <summary>One searched index during a request: acquired searcher, mapping snapshot, doc-value access.</summary>
public sealed class ShardContext : IDisposable
{
    private readonly Dictionary<(int Leaf, string Field), BinaryDocValues?> _docValues = [];
    private readonly Lucene.Net.Util.BytesRef _scratch = new();
    private bool _released;

    public ShardContext(int ordinal, StandInIndex index)
    {
        Ordinal = ordinal;
        Index = index;
        Searcher = index.Acquire();
        Leaves = Searcher.IndexReader.Leaves;
        Query = new QueryContext(index);
    }

    public int Ordinal { get; }

    public StandInIndex Index { get; }

    public IndexSearcher Searcher { get; }

    public IList<AtomicReaderContext> Leaves { get; }

    public QueryContext Query { get; }

    public MappingSnapshot Mapping => Query.Mapping;

    public FieldMapping? Field(string path) => Mapping.Find(path);

    /// <summary>Keyword values of a field in a document (empty when missing).</summary>
    public string[] Strings(int doc, string field)
    {
        var bytes = Bytes(doc, field);
        return bytes is null ? [] : PackedValues.DecodeStrings(bytes);
    }

    /// <summary>Numeric values as doubles (integral kinds converted).</summary>
    public double[] Numbers(int doc, FieldMapping field)
    {
        var bytes = Bytes(doc, field.Path);
        if (bytes is null)
        {
            return [];
        }

        var raw = PackedValues.DecodeRaw(bytes);
        var result = new double[raw.Length];
        var floating = field.Kind.IsFloating();
        for (var i = 0; i < raw.Length; i++)
        {
            result[i] = floating ? BitConverter.Int64BitsToDouble(raw[i]) : raw[i];
        }

        return result;
    }

    /// <summary>Numeric values as stored (longs for integral kinds and booleans).</summary>
    public long[] Longs(int doc, string field)
    {
        var bytes = Bytes(doc, field);
        return bytes is null ? [] : PackedValues.DecodeRaw(bytes);
    }

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            Index.Release(Searcher);
        }
    }

    private Lucene.Net.Util.BytesRef? Bytes(int doc, string field)
    {
        var leaf = ReaderUtil.SubIndex(doc, Leaves);
        if (!_docValues.TryGetValue((leaf, field), out var values))
        {
            values = Leaves[leaf].AtomicReader.GetBinaryDocValues(field);
            _docValues[(leaf, field)] = values;
        }

        if (values is null)
        {
            return null;
        }

        values.Get(doc - Leaves[leaf].DocBase, _scratch);
        return _scratch;
    }
}
