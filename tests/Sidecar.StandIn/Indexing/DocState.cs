namespace Sidecar.StandIn.Indexing;

/// <summary>Realtime state of one document id; <see cref="Source"/> is null for a delete tombstone.</summary>
public sealed record DocState(long Version, long SeqNo, byte[]? Source)
{
    public bool Live => Source is not null;
}
