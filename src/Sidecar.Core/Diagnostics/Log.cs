using Microsoft.Extensions.Logging;

namespace Sidecar.Diagnostics;

/// <summary>Source-generated log messages with stable event ids. Never log user ids, credentials or bodies.</summary>
public static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Sidecar listening on {Listen}, upstream {Upstream}, {Profiles} rerank profile(s) from {Source}")]
    public static partial void Started(ILogger logger, string listen, string upstream, int profiles, string source);

    [LoggerMessage(1001, LogLevel.Error, "Configuration rejected: {Errors}")]
    public static partial void ConfigRejected(ILogger logger, string errors);

    [LoggerMessage(1002, LogLevel.Information, "Configuration reloaded: {Profiles} rerank profile(s)")]
    public static partial void ConfigReloaded(ILogger logger, int profiles);

    [LoggerMessage(1003, LogLevel.Warning, "Configuration reload changed server or upstream settings: they apply after a restart")]
    public static partial void ConfigNeedsRestart(ILogger logger);

    [LoggerMessage(2000, LogLevel.Warning, "Upstream request failed: {Error} ({Method} {Path})")]
    public static partial void UpstreamFailed(ILogger logger, string error, string method, string path, Exception? exception);

    [LoggerMessage(2001, LogLevel.Debug, "Search on {Target} not reranked: {Reason}")]
    public static partial void RerankSkipped(ILogger logger, string target, string reason);

    [LoggerMessage(2002, LogLevel.Error, "Reranking failed for profile {Profile}; answering in upstream order")]
    public static partial void RerankFailed(ILogger logger, string profile, Exception exception);

    [LoggerMessage(2004, LogLevel.Error, "Query embedding failed for profile {Profile}; answering in upstream order")]
    public static partial void ModelFailed(ILogger logger, string profile, Exception exception);

    [LoggerMessage(2003, LogLevel.Warning, "Rejected request: {Reason}")]
    public static partial void BadRequest(ILogger logger, string reason);
}
