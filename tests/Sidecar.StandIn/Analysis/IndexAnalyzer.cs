using Lucene.Net.Analysis;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Analysis;

/// <summary>The IndexWriter's analyzer: picks each text field's analyzer from the current mapping.</summary>
public sealed class IndexAnalyzer : AnalyzerWrapper
{
    private readonly IndexMapping _mapping;
    private readonly string _defaultAnalyzer;

    public IndexAnalyzer(IndexMapping mapping, string defaultAnalyzer)
        : base(PER_FIELD_REUSE_STRATEGY)
    {
        _mapping = mapping;
        _defaultAnalyzer = defaultAnalyzer;
    }

    protected override Analyzer GetWrappedAnalyzer(string fieldName) =>
        AnalyzerRegistry.ForIndexing(_mapping.Current.Find(fieldName), _defaultAnalyzer);
}
