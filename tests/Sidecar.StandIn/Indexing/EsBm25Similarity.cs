using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// BM25 (k1 1.2, b 0.75) adjusted to score like the Lucene 9/10 BM25 inside Elasticsearch 8/9:
/// no (k1 + 1) factor in the numerator, idf and average length over documents that have the field
/// (docCount rather than maxDoc), and exact-ish one-byte field lengths instead of Lucene 4 norms.
/// </summary>
public sealed class EsBm25Similarity : BM25Similarity
{
    public EsBm25Similarity()
        : base(1.2f, 0.75f)
    {
    }

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats)
    {
        var docCount = DocCount(collectionStats);
        var idf = Idf(termStats.DocFreq, docCount) / (K1 + 1);
        return new Explanation(idf, $"idf(docFreq={termStats.DocFreq}, docCount={docCount}) / (k1 + 1)");
    }

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics[] termStats)
    {
        var docCount = DocCount(collectionStats);
        var idf = 0f;
        foreach (var stat in termStats)
        {
            idf += Idf(stat.DocFreq, docCount);
        }

        return new Explanation(idf / (K1 + 1), $"idf() summed over {termStats.Length} terms / (k1 + 1)");
    }

    protected override float AvgFieldLength(CollectionStatistics collectionStats)
    {
        var sum = collectionStats.SumTotalTermFreq;
        return sum <= 0 ? 1f : (float)(sum / (double)DocCount(collectionStats));
    }

    protected override byte EncodeNormValue(float boost, int fieldLength) => LengthCodec.Encode(fieldLength);

    protected override float DecodeNormValue(byte b) => LengthCodec.Decode(b);

    private static long DocCount(CollectionStatistics stats) => stats.DocCount > 0 ? stats.DocCount : stats.MaxDoc;
}
