namespace Sidecar.Eval;

/// <summary>One search answer: the ranked ids, and the sidecar's <c>X-Rerank</c> outcome when there was one.</summary>
public sealed record SearchReply(IReadOnlyList<string> Ids, string? Rerank);
