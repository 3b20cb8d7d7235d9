namespace Sidecar.Configuration;

/// <summary>Request headers the sidecar reads. YAML section <c>request</c>.</summary>
public sealed record RequestOptions
{
    /// <summary>Header carrying the end user's id (YAML <c>user_header</c>). Default <c>X-User-Id</c>.</summary>
    public string UserHeader { get; init; } = "X-User-Id";

    /// <summary>Header asking for per-hit explanations (YAML <c>explain_header</c>). Default <c>X-Rerank-Explain</c>.</summary>
    public string ExplainHeader { get; init; } = "X-Rerank-Explain";
}
