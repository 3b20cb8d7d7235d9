using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>One executed bulk action: either a write result or an error.</summary>
public sealed record BulkItem(string Action, string Index, string? Id, StandInIndex? Target, WriteResult? Result, EsException? Error)
{
    public int Status => Error?.Status ?? Result!.Status;
}
