using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Sidecar.StandIn.Indexing;

/// <summary>Creates searchers that score with the given similarity (the Elasticsearch-like BM25).</summary>
public sealed class EsSearcherFactory : SearcherFactory
{
    private readonly Similarity _similarity;

    public EsSearcherFactory(Similarity similarity) => _similarity = similarity;

    public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = _similarity };
}
