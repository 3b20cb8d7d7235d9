namespace Sidecar.Embeddings;

/// <summary>
/// A model, vocabulary or bundle file is missing, empty, corrupt or does not look like a
/// sentence-embedding model. The message names the file and says what to fix. Thrown at start-up
/// (by <see cref="OnnxTextEmbedder"/>'s constructor), never on the request path.
/// </summary>
public sealed class EmbeddingModelException : Exception
{
    public EmbeddingModelException()
    {
    }

    public EmbeddingModelException(string message)
        : base(message)
    {
    }

    public EmbeddingModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file the problem is about, when there is one.</summary>
    public string? FilePath { get; init; }

    internal static EmbeddingModelException ForFile(string filePath, string problem, string fix, Exception? inner = null)
    {
        var message = $"{problem}: '{filePath}'. {fix}";
        return inner is null
            ? new EmbeddingModelException(message) { FilePath = filePath }
            : new EmbeddingModelException($"{message} ({inner.GetType().Name}: {inner.Message})", inner) { FilePath = filePath };
    }
}
