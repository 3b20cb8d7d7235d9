using Sidecar.Ranking;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Eval;

/// <summary>
/// One query's first-stage window, fetched once from the upstream with the <c>_source</c> the profile's
/// features read, and the feature values of that window (one column per feature, computed once) for
/// the weight search. Ablations rerank the same window in-process, so they cost no HTTP.
/// </summary>
public sealed class QueryWindow : IDisposable
{
    public QueryWindow(JudgedQuery query, string? queryText, SearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Query = query;
        QueryText = queryText;
        Response = response;
        Ids = response.Hits.Select(h => h.Id ?? string.Empty).ToArray();
    }

    public JudgedQuery Query { get; }

    /// <summary>The query text as the sidecar extracts it from the search body.</summary>
    public string? QueryText { get; }

    public SearchResponse Response { get; }

    /// <summary>Hit ids in first-stage order.</summary>
    public string[] Ids { get; }

    /// <summary>Feature values, <c>[feature][hit]</c>, non-finite values as 0 (what the weighted sum uses).</summary>
    public double[][] Columns { get; private set; } = [];

    /// <summary>A fresh per-search context, as the sidecar builds it (no time budget in-process).</summary>
    public RerankContext NewContext(RerankProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new RerankContext(profile, QueryText, false) { Query = profile.Query.Analyzer.Analyze(QueryText) };
    }

    /// <summary>The window in the order <paramref name="profile"/>'s reranker gives it.</summary>
    public string[] Rerank(RerankProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var result = profile.Reranker.Rerank(NewContext(profile), Response.Hits);
        return result.Order.Select(i => Ids[i]).ToArray();
    }

    /// <summary>Computes <see cref="Columns"/> for <paramref name="features"/> (in <paramref name="profile"/>'s context).</summary>
    public void ComputeColumns(RerankProfile profile, IReadOnlyList<IFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var context = NewContext(profile);
        var columns = new double[features.Count][];
        for (var f = 0; f < features.Count; f++)
        {
            var column = new double[Ids.Length];
            features[f].Compute(context, Response.Hits, column);
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = double.IsFinite(column[i]) ? column[i] : 0.0;
            }

            columns[f] = column;
        }

        Columns = columns;
    }

    public void Dispose() => Response.Dispose();
}
