using Sidecar.Configuration;
using Sidecar.Embeddings;
using Sidecar.Hosting;
using Sidecar.Ranking;
using Sidecar.Search;
using Sidecar.Text;

namespace Sidecar.Benchmarks;

/// <summary>
/// The default profile of config/sidecar.yaml, loaded as the executable loads it (model included), and a parsed
/// 100-hit window whose item embeddings are either in <c>_source</c> or only in the item cache. The query
/// embedding is computed once here, so every benchmark call finds it in the LRU cache (warm caches).
/// </summary>
internal sealed class RerankFixture : IDisposable
{
    public const string QueryText = "wireless noise cancelling headphones";

    public RerankFixture(bool embeddingsInSource, int hits = 100)
    {
        Runtime = new SidecarRuntime();
        Options = Runtime.Loader.LoadFile(RepoPaths.DefaultConfig);
        Profile = Options.Profiles[0];
        Embedder = Options.Embedder ?? throw new InvalidOperationException("config/sidecar.yaml declares no embedding model");

        var withVectors = CannedSearchResponse.Build(hits, embeddings: true);
        Response = SearchResponse.TryParse(embeddingsInSource ? withVectors : CannedSearchResponse.Build(hits, embeddings: false))!;
        if (!embeddingsInSource)
        {
            // The same vectors, served from the item cache instead of _source.
            using var source = SearchResponse.TryParse(withVectors)!;
            foreach (var hit in source.Hits)
            {
                var vector = VectorJson.Parse(hit.Source.GetProperty(Profile.ItemEmbedding.Field));
                Runtime.ItemCache.Set(hit.Hit.GetProperty("_index").GetString()!, hit.Id!, vector);
            }
        }

        Query = Profile.Query.Analyzer.Analyze(QueryText);
        _ = Embedder.EmbedQuery(QueryText); // warm the query-embedding cache
    }

    public SidecarRuntime Runtime { get; }

    public SidecarOptions Options { get; }

    public RerankProfile Profile { get; }

    public ITextEmbedder Embedder { get; }

    public SearchResponse Response { get; }

    public AnalyzedQuery Query { get; }

    /// <summary>A fresh per-request context, as <see cref="SearchInterceptor"/> makes one per search.</summary>
    public RerankContext NewContext(CancellationToken budget = default) =>
        new(Profile, QueryText, explain: false) { Query = Query, Budget = budget };

    public void Dispose()
    {
        Response.Dispose();
        Runtime.Dispose();
    }
}
