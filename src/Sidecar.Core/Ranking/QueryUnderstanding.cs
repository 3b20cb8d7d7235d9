using Sidecar.Configuration;
using Sidecar.Text;

namespace Sidecar.Ranking;

/// <summary>
/// A profile's query stages: analysis (normalise, segment incl. Chinese, stop words) and optional keyword
/// prediction that expands the first-stage query with optional clauses. YAML section <c>query</c> of a profile.
/// </summary>
public sealed class QueryUnderstanding
{
    public QueryUnderstanding(QueryAnalyzer analyzer, KeywordPredictor? predictor, QueryExpansionRewriter? rewriter, int userInterests = 0)
    {
        UserInterests = userInterests;
        Analyzer = analyzer;
        Predictor = predictor;
        Rewriter = rewriter;
    }

    public static QueryUnderstanding Default { get; } = new(QueryAnalyzer.Default, null, null);

    public QueryAnalyzer Analyzer { get; }

    /// <summary>Predicts expansion keywords; null when expansion is off.</summary>
    public KeywordPredictor? Predictor { get; }

    /// <summary>How many of the user's top interests (brands, categories) join the predicted keywords (0 = none).</summary>
    public int UserInterests { get; }

    /// <summary>Adds predicted keywords to the first-stage query; null when expansion is off.</summary>
    public QueryExpansionRewriter? Rewriter { get; }

    /// <summary>
    /// Reads <c>query: { stop_words: { add, remove, builtin }, expansion: { enabled, fields, boost,
    /// max_keywords, user_interests, related_terms: { term: [related, ...] } } }</c>.
    /// </summary>
    public static QueryUnderstanding Read(ConfigNode node)
    {
        if (node.IsMissing)
        {
            return Default;
        }

        var sw = node.Section("stop_words");
        var stopWords = sw.IsMissing
            ? StopWords.Default
            : StopWords.Create(sw.StringList("add"), sw.StringList("remove"), sw.Bool("builtin", true));
        sw.ReportUnknownKeys();
        var analyzer = stopWords == StopWords.Default ? QueryAnalyzer.Default : new QueryAnalyzer(stopWords: stopWords);

        var ex = node.Section("expansion");
        KeywordPredictor? predictor = null;
        QueryExpansionRewriter? rewriter = null;
        var userInterests = 0;
        if (!ex.IsMissing && ex.Bool("enabled", true))
        {
            var fields = ex.StringList("fields");
            var boost = ex.Double("boost", 0.3, 0, 100);
            var max = ex.Int("max_keywords", 5, 1, 50);
            userInterests = ex.Int("user_interests", 0, 0, 20);
            var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (key, value) in ex.Section("related_terms").Entries())
            {
                if (!value.IsMissing)
                {
                    map[key] = value.AsListOfScalars();
                }
            }

            if (fields.Count == 0)
            {
                ex.Errors.Add(ex.Path + ".fields", ex.Line, ex.Column, "at least one field is required, e.g. [\"title^2\", brand, category]");
            }

            predictor = new KeywordPredictor(map, analyzer, new KeywordPredictorOptions { MaxKeywords = max });
            rewriter = new QueryExpansionRewriter(fields.Count > 0 ? fields : ["title"], boost, "sidecar_expansion");
        }
        else
        {
            ex.Bool("enabled", true);
            ex.StringList("fields");
            ex.Double("boost", 0.3);
            ex.Int("max_keywords", 5);
            ex.Int("user_interests", 0);
            ex.Section("related_terms");
        }

        ex.ReportUnknownKeys();
        node.ReportUnknownKeys();
        return new QueryUnderstanding(analyzer, predictor, rewriter, userInterests);
    }
}
