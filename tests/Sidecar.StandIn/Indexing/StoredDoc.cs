namespace Sidecar.StandIn.Indexing;

/// <summary>A live document as returned by a realtime GET.</summary>
public sealed record StoredDoc(string Id, long Version, long SeqNo, byte[] Source);
