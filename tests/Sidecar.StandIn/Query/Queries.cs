using Lucene.Net.Search;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>Small Lucene query helpers.</summary>
public static class Queries
{
    /// <summary>Matches nothing (an empty BooleanQuery).</summary>
    public static LuceneQuery MatchNone() => new BooleanQuery();

    public static LuceneQuery MatchAll(float boost = 1f) => new MatchAllDocsQuery { Boost = boost };

    /// <summary>Every match scores exactly <paramref name="boost"/> (like Elasticsearch filters, ranges, terms).</summary>
    public static LuceneQuery Constant(LuceneQuery inner, float boost = 1f) => new ConstantScoreQuery(inner) { Boost = boost };

    /// <summary>A clause that must match but contributes 0 to the score (bool filter / must_not-only).</summary>
    public static LuceneQuery NonScoring(LuceneQuery inner) => new ConstantScoreQuery(inner) { Boost = 0f };

    public static LuceneQuery WithBoost(LuceneQuery query, float boost)
    {
        if (boost != 1f)
        {
            query.Boost *= boost;
        }

        return query;
    }

    public static bool IsMatchNone(LuceneQuery q) => q is BooleanQuery { Clauses.Count: 0 };
}
