namespace Sidecar.Ranking.Scoring;

/// <summary>
/// A ranking model file is missing, unreadable, corrupt or does not fit the profile (input not a 2-D
/// float32 tensor, feature count different from the declared features, output not one score per hit).
/// The message names the file and says what to fix. Thrown at start-up or configuration reload by
/// <see cref="OnnxRankingModel.Load"/>; on the request path only when the model misbehaves (non-finite
/// scores), where the caller fails open to upstream order.
/// </summary>
public sealed class RankingModelException : Exception
{
    public RankingModelException()
    {
    }

    public RankingModelException(string message)
        : base(message)
    {
    }

    public RankingModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The model file the problem is about, when there is one.</summary>
    public string? FilePath { get; init; }

    internal static RankingModelException ForFile(string filePath, string problem, string fix, Exception? inner = null)
    {
        var message = $"{problem}: '{filePath}'. {fix}";
        return inner is null
            ? new RankingModelException(message) { FilePath = filePath }
            : new RankingModelException($"{message} ({inner.GetType().Name}: {inner.Message})", inner) { FilePath = filePath };
    }
}
