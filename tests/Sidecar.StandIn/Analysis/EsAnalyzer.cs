using Lucene.Net.Analysis;

namespace Sidecar.StandIn.Analysis;

/// <summary>
/// An analyzer built from a component factory, with Elasticsearch's position_increment_gap of 100 between
/// the values of a multi-valued text field (so phrases do not match across array elements).
/// </summary>
public sealed class EsAnalyzer : Analyzer
{
    private readonly Func<TextReader, TokenStreamComponents> _factory;

    public EsAnalyzer(Func<TextReader, TokenStreamComponents> factory) => _factory = factory;

    public override int GetPositionIncrementGap(string fieldName) => 100;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => _factory(reader);
}
