namespace Sidecar.Eval;

/// <summary>
/// One query's figures: NDCG@10 and Recall@100 of the first stage (baseline) and of the reranked list
/// (through the sidecar over HTTP, or in-process with <c>--config</c>); null where undefined.
/// </summary>
public sealed record QueryResult(JudgedQuery Query, double? BaselineNdcg, double? RerankedNdcg, double? BaselineRecall,
    double? RerankedRecall, string? Outcome);
