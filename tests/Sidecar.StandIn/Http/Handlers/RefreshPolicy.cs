using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Indexing;

namespace Sidecar.StandIn.Http.Handlers;

/// <summary>The <c>refresh</c> parameter of write APIs: true (forced), wait_for, false.</summary>
public static class RefreshPolicy
{
    /// <summary>Refreshes when asked; returns true for a forced refresh (reported as forced_refresh).</summary>
    public static bool Apply(EsRequest request, IEnumerable<StandInIndex> indices)
    {
        var value = request.Param("refresh");
        switch (value)
        {
            case null or "false":
                return false;
            case "" or "true" or "wait_for":
                foreach (var index in indices.Distinct())
                {
                    index.Refresh();
                }

                return value != "wait_for";
            default:
                throw EsErrors.IllegalArgument($"Unknown value for refresh: [{value}].");
        }
    }
}
