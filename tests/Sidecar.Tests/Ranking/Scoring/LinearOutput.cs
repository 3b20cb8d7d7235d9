namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>How a test linear ranking model shapes its scores.</summary>
public enum LinearOutput
{
    /// <summary>MatMul -> Add: <c>[N, 1]</c>.</summary>
    Column,

    /// <summary>MatMul -> Add -> Squeeze(axes = [1]): <c>[N]</c>.</summary>
    Squeeze,

    /// <summary>MatMul -> Add -> Reshape(shape = [-1]): <c>[N]</c>.</summary>
    Reshape,
}
