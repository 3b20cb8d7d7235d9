namespace Sidecar.StandIn.Indexing;

/// <summary>Outcome of one successful write (index, create, update, delete).</summary>
public sealed record WriteResult(string Id, long Version, long SeqNo, string Result, int Status)
{
    /// <summary>True for an update that changed nothing (<c>result: noop</c>, no shard work).</summary>
    public bool IsNoop => Result == "noop";
}
