using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Sidecar.StandIn.Search;

/// <summary>Collects every matching document with its score (the stand-in's corpora are small).</summary>
public sealed class AllHitsCollector : ICollector
{
    private readonly int _shard;
    private readonly bool _scores;
    private Scorer? _scorer;
    private int _docBase;

    public AllHitsCollector(int shard, bool scores)
    {
        _shard = shard;
        _scores = scores;
    }

    public List<Hit> Hits { get; } = [];

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void Collect(int doc) => Hits.Add(new Hit(_shard, _docBase + doc, _scores ? _scorer!.GetScore() : 0f));

    public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;
}
