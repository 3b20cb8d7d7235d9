using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Analysis;

/// <summary>
/// The built-in analyzers: english (stand-in default for text fields), standard (no stop words, like
/// Elasticsearch), simple, whitespace, keyword and stop. Analyzer instances are thread-safe.
/// </summary>
public static class AnalyzerRegistry
{
    /// <summary>Analyzer used for text fields without an explicit analyzer (closest to the ESCI reference).</summary>
    public const string DefaultTextAnalyzer = "english";

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly Dictionary<string, Analyzer> Analyzers = new(StringComparer.Ordinal)
    {
        ["english"] = new EsAnalyzer(reader =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new StandardFilter(Version, source);
            stream = new EnglishPossessiveFilter(Version, stream);
            stream = new LowerCaseFilter(Version, stream);
            stream = new StopFilter(Version, stream, EnglishAnalyzer.DefaultStopSet);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }),
        ["standard"] = new EsAnalyzer(reader =>
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, new LowerCaseFilter(Version, source));
        }),
        ["simple"] = new EsAnalyzer(reader => new TokenStreamComponents(new LowerCaseTokenizer(Version, reader))),
        ["whitespace"] = new EsAnalyzer(reader => new TokenStreamComponents(new WhitespaceTokenizer(Version, reader))),
        ["keyword"] = new EsAnalyzer(reader => new TokenStreamComponents(new KeywordTokenizer(reader))),
        ["stop"] = new EsAnalyzer(reader =>
        {
            var source = new LowerCaseTokenizer(Version, reader);
            return new TokenStreamComponents(source, new StopFilter(Version, source, EnglishAnalyzer.DefaultStopSet));
        }),
    };

    public static IEnumerable<string> Names => Analyzers.Keys;

    public static bool IsKnown(string name) => Analyzers.ContainsKey(name);

    public static Analyzer Get(string name) =>
        Analyzers.TryGetValue(name, out var analyzer) ? analyzer : Analyzers[DefaultTextAnalyzer];

    /// <summary>Index-time analyzer of a text field.</summary>
    public static Analyzer ForIndexing(FieldMapping? field, string indexDefault) =>
        Get(field?.Analyzer ?? indexDefault);

    /// <summary>Search-time analyzer: explicit override, then search_analyzer, then analyzer, then index default.</summary>
    public static Analyzer ForSearch(FieldMapping? field, string indexDefault, string? overrideName = null) =>
        Get(overrideName ?? field?.SearchAnalyzer ?? field?.Analyzer ?? indexDefault);
}
