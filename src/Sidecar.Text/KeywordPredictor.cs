namespace Sidecar.Text;

/// <summary>
/// Keyword prediction (query expansion): from a synonym / related-terms map whose keys may be phrases
/// ("tv" -> television, "耳机" -> 耳麦, "gaming laptop" -> ...), plus optional weighted keywords from the
/// caller (the user's interests), predicts keywords to add to a query. Keys and values are analysed with
/// the same <see cref="QueryAnalyzer"/> as queries, so "TV", "ｔｖ" and "the tv" all hit the key "tv", and a
/// Chinese key matches the segmented query. Keywords already in the query are excluded, repeats keep their
/// highest weight, and the result is bounded (<see cref="KeywordPredictorOptions.MaxKeywords"/>).
/// Immutable after construction and thread-safe.
/// </summary>
public sealed class KeywordPredictor
{
    private readonly QueryAnalyzer analyzer;
    private readonly KeywordPredictorOptions options;
    private readonly Dictionary<string, List<Entry>> entriesByFirstTerm = new(StringComparer.Ordinal);

    /// <param name="relatedTerms">Key (term or phrase) to related terms, most related first.</param>
    /// <param name="analyzer">Analyzer for keys, values and queries given as strings; defaults to <see cref="QueryAnalyzer.Default"/>.</param>
    /// <param name="options">Weights and bounds; defaults to <see cref="KeywordPredictorOptions"/>' defaults.</param>
    public KeywordPredictor(
        IReadOnlyDictionary<string, IReadOnlyList<string>> relatedTerms,
        QueryAnalyzer? analyzer = null,
        KeywordPredictorOptions? options = null)
    {
        this.analyzer = analyzer ?? QueryAnalyzer.Default;
        this.options = options ?? new KeywordPredictorOptions();
        foreach (var (key, values) in relatedTerms)
        {
            var keyTerms = this.analyzer.Analyze(key).Terms;
            if (keyTerms.Count == 0 || values is null)
            {
                continue;
            }

            var related = new List<Keyword>(values.Count);
            foreach (var value in values)
            {
                var analyzed = this.analyzer.Analyze(value);
                if (!analyzed.IsEmpty && !related.Exists(r => r.Text == analyzed.Normalized))
                {
                    related.Add(new Keyword(analyzed.Normalized, analyzed.Terms));
                }
            }

            if (related.Count == 0)
            {
                continue;
            }

            if (!entriesByFirstTerm.TryGetValue(keyTerms[0], out var list))
            {
                entriesByFirstTerm[keyTerms[0]] = list = [];
            }

            list.Add(new Entry([.. keyTerms], [.. related]));
            EntryCount++;
        }
    }

    /// <summary>Number of usable keys in the map.</summary>
    public int EntryCount { get; }

    /// <summary>Analyzes <paramref name="rawQuery"/> and predicts keywords for it.</summary>
    public IReadOnlyList<PredictedKeyword> Predict(string rawQuery, IEnumerable<WeightedKeyword>? callerKeywords = null) =>
        Predict(analyzer.Analyze(rawQuery), callerKeywords);

    /// <summary>Predicts keywords for an analyzed query, highest weight first (ties: order found).</summary>
    public IReadOnlyList<PredictedKeyword> Predict(AnalyzedQuery query, IEnumerable<WeightedKeyword>? callerKeywords = null)
    {
        var found = new List<PredictedKeyword>();
        var terms = query.Terms;
        for (var i = 0; i < terms.Count; i++)
        {
            if (entriesByFirstTerm.TryGetValue(terms[i], out var entries))
            {
                foreach (var entry in entries)
                {
                    if (entry.MatchesAt(terms, i))
                    {
                        AddRelated(query, entry, options.SynonymWeight, KeywordSource.Synonym, found);
                    }
                }
            }
        }

        foreach (var subWord in query.SubWords)
        {
            if (entriesByFirstTerm.TryGetValue(subWord, out var entries))
            {
                foreach (var entry in entries)
                {
                    if (entry.Terms.Length == 1)
                    {
                        AddRelated(query, entry, options.SynonymWeight * options.SubWordFactor, KeywordSource.SubWordSynonym, found);
                    }
                }
            }
        }

        foreach (var (term, weight) in callerKeywords ?? [])
        {
            var analyzed = analyzer.Analyze(term);
            if (weight > 0 && !analyzed.IsEmpty && !InQuery(query, analyzed.Terms))
            {
                Add(found, new PredictedKeyword(analyzed.Normalized, weight * options.CallerWeightScale, KeywordSource.Caller));
            }
        }

        return Rank(found);
    }

    private void AddRelated(AnalyzedQuery query, Entry entry, double weight, KeywordSource source, List<PredictedKeyword> found)
    {
        foreach (var related in entry.Related)
        {
            if (!InQuery(query, related.Terms))
            {
                Add(found, new PredictedKeyword(related.Text, weight, source));
            }

            weight *= options.RankFactor;
        }
    }

    /// <summary>Adds or keeps the higher weight of a keyword already found.</summary>
    private static void Add(List<PredictedKeyword> found, PredictedKeyword keyword)
    {
        var index = found.FindIndex(k => k.Term == keyword.Term);
        if (index < 0)
        {
            found.Add(keyword);
        }
        else if (found[index].Weight < keyword.Weight)
        {
            found[index] = keyword;
        }
    }

    private List<PredictedKeyword> Rank(List<PredictedKeyword> found)
    {
        found.RemoveAll(k => k.Weight < options.MinWeight);
        var ranked = found
            .Select((keyword, order) => (keyword, order))
            .OrderByDescending(x => x.keyword.Weight)
            .ThenBy(x => x.order)
            .Take(Math.Max(0, options.MaxKeywords))
            .Select(x => x.keyword)
            .ToList();
        return ranked;
    }

    /// <summary>True when every term of a keyword is already a term or sub-word of the query.</summary>
    private static bool InQuery(AnalyzedQuery query, IReadOnlyList<string> keywordTerms)
    {
        foreach (var term in keywordTerms)
        {
            if (!query.ContainsTerm(term))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Keyword(string Text, IReadOnlyList<string> Terms);

    private sealed record Entry(string[] Terms, Keyword[] Related)
    {
        public bool MatchesAt(IReadOnlyList<string> terms, int start)
        {
            if (start + Terms.Length > terms.Count)
            {
                return false;
            }

            for (var k = 1; k < Terms.Length; k++)
            {
                if (!string.Equals(Terms[k], terms[start + k], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
