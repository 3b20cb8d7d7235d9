using LuceneQuery = Lucene.Net.Search.Query;

namespace Sidecar.StandIn.Query;

/// <summary>Builds the leaf queries found by <see cref="QueryStringParser"/>.</summary>
public interface IQueryStringCallbacks
{
    LuceneQuery Term(string? field, string text);

    LuceneQuery Phrase(string? field, string text);

    LuceneQuery Exists(string field);

    LuceneQuery Range(string field, string? lower, bool includeLower, string? upper, bool includeUpper);
}
