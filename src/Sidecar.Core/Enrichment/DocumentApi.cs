namespace Sidecar.Enrichment;

/// <summary>The Elasticsearch write APIs whose bodies the enrichers understand (see <see cref="DocumentEnricher.TryMatch"/>).</summary>
public enum DocumentApi
{
    /// <summary><c>PUT|POST /{index}/_doc/{id}</c>, <c>POST /{index}/_doc</c>: the body is the document.</summary>
    Index,

    /// <summary><c>PUT|POST /{index}/_create/{id}</c>: the body is the document.</summary>
    Create,

    /// <summary><c>POST /{index}/_update/{id}</c>: the body is <c>{doc, doc_as_upsert, upsert, script...}</c>.</summary>
    Update,

    /// <summary><c>POST|PUT /_bulk</c>, <c>POST|PUT /{index}/_bulk</c>: NDJSON, see <see cref="BulkEnricher"/>.</summary>
    Bulk,
}
