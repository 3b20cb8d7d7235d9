namespace Sidecar.Enrichment;

/// <summary>
/// The backfill stopped: Elasticsearch kept failing (after the retries), rejected a request outright,
/// or the run made no progress. The message says which and what to check. Rerunning resumes.
/// </summary>
public sealed class BackfillException : Exception
{
    public BackfillException()
    {
    }

    public BackfillException(string message)
        : base(message)
    {
    }

    public BackfillException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the last failed attempt, when there was a response.</summary>
    public int? Status { get; init; }
}
