namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>One dimension of a graph input/output: a fixed size (<c>dim_value</c>) or a symbol (<c>dim_param</c>).</summary>
internal readonly record struct OnnxDim(long? Value, string? Param)
{
    public static implicit operator OnnxDim(long value) => new(value, null);

    public static implicit operator OnnxDim(string param) => new(null, param);
}
