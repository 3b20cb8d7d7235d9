using System.Text.Json;

namespace Sidecar.Search;

/// <summary>
/// What the sidecar understood of one intercepted search: the client's page, its <c>_source</c>
/// request, and whether (and why not) it can be reranked. Owns the parsed body.
/// </summary>
public sealed class SearchPlan : IDisposable
{
    internal SearchPlan(JsonDocument? body, int from, int size, SourceSpec source, string? skipReason)
    {
        Body = body;
        From = from;
        Size = size;
        Source = source;
        SkipReason = skipReason;
    }

    /// <summary>The parsed request body; null when the request had none.</summary>
    public JsonDocument? Body { get; }

    /// <summary>Client's <c>from</c> (default 0).</summary>
    public int From { get; }

    /// <summary>Client's <c>size</c> (default 10).</summary>
    public int Size { get; }

    /// <summary>Client's <c>_source</c> request (body and URL combined, URL wins as in Elasticsearch).</summary>
    public SourceSpec Source { get; }

    /// <summary>Why the search passes through unreranked; null when it can be reranked.</summary>
    public string? SkipReason { get; }

    public bool CanRerank => SkipReason is null;

    /// <summary>The <c>query</c> clause of the body, or an undefined element.</summary>
    public JsonElement Query => Body is not null && Body.RootElement.TryGetProperty("query"u8, out var q) ? q : default;

    public static SearchPlan Skip(string reason) => new(null, 0, 10, SourceSpec.All, reason);

    public void Dispose() => Body?.Dispose();
}
