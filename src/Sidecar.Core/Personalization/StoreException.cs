namespace Sidecar.Personalization;

/// <summary>
/// The events or profiles store (Elasticsearch) could not do what was asked: unreachable, timed out, or
/// answered an unexpected status. The message says which request and why; it never holds a user id.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The HTTP status Elasticsearch answered; null for transport failures and timeouts.</summary>
    public int? Status { get; init; }
}
