namespace Sidecar.Ranking.Features;

/// <summary>A per-value transform of a numeric field, applied before normalisation.</summary>
public enum NumericTransform
{
    None,

    /// <summary>ln(1 + max(x, 0)): tames heavy-tailed counts such as rating_count or sales.</summary>
    Log1p,

    /// <summary>1 / (1 + max(x, 0)): smaller is better (price, distance).</summary>
    Inverse,
}

public static class NumericTransformExtensions
{
    public static readonly string[] Names = ["none", "log1p", "inverse"];

    public static NumericTransform Parse(string name) => name switch
    {
        "log1p" => NumericTransform.Log1p,
        "inverse" => NumericTransform.Inverse,
        _ => NumericTransform.None,
    };

    public static double Apply(this NumericTransform t, double x) => t switch
    {
        NumericTransform.Log1p => Math.Log(1 + Math.Max(x, 0)),
        NumericTransform.Inverse => 1.0 / (1 + Math.Max(x, 0)),
        _ => x,
    };
}
