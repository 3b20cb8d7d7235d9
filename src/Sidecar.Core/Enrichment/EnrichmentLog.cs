using Microsoft.Extensions.Logging;

namespace Sidecar.Enrichment;

/// <summary>Log messages of write-time enrichment and backfill (event ids 3000-3099).</summary>
internal static partial class EnrichmentLog
{
    [LoggerMessage(3000, LogLevel.Warning, "Write-time enrichment failed for a {Api} request; forwarding the original body")]
    public static partial void Failed(ILogger logger, string api, Exception exception);
}
