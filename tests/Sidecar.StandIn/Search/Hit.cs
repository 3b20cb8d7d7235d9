namespace Sidecar.StandIn.Search;

/// <summary>A matching document: which searched index (its position in the target list), Lucene doc id, score.</summary>
public readonly record struct Hit(int Shard, int Doc, float Score);
