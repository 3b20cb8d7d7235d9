namespace Sidecar.StandIn.Errors;

/// <summary>
/// An error rendered the way Elasticsearch renders it:
/// <c>{"error":{"root_cause":[...],"type","reason",...},"status":N}</c>.
/// </summary>
public sealed class EsException : Exception
{
    public EsException(int status, string type, string reason, params (string Key, object? Value)[] extra)
        : base(reason)
    {
        Status = status;
        Type = type;
        Extra = extra;
    }

    public EsException()
        : this(500, "exception", "unknown error")
    {
    }

    public EsException(string message)
        : this(500, "exception", message)
    {
    }

    public EsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Type = "exception";
        Extra = [];
    }

    /// <summary>HTTP status code.</summary>
    public int Status { get; }

    /// <summary>Elasticsearch exception type, e.g. <c>index_not_found_exception</c>.</summary>
    public string Type { get; }

    /// <summary>The reason text.</summary>
    public string Reason => Message;

    /// <summary>Additional fields written next to type and reason (string, long or int values).</summary>
    public IReadOnlyList<(string Key, object? Value)> Extra { get; }

    /// <summary>Optional nested cause (rendered as <c>caused_by</c>).</summary>
    public EsException? CausedBy { get; init; }

    /// <summary>When set, rendered as a search_phase_execution_exception with one failed shard of this index.</summary>
    public string? FailedShardIndex { get; init; }

    /// <summary>When set, the body is the legacy plain form <c>{"error":"reason","status":N}</c>.</summary>
    public bool Plain { get; init; }

    /// <summary>Extra response headers (e.g. Allow for 405).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Wraps a shard-level failure the way a search reports it.</summary>
    public EsException AsShardFailure(string index) =>
        FailedShardIndex is not null || Plain
            ? this
            : new EsException(Status, Type, Reason, [.. Extra]) { CausedBy = CausedBy, FailedShardIndex = index };
}
