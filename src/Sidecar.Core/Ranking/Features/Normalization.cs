namespace Sidecar.Ranking.Features;

/// <summary>How a feature's raw values are rescaled within one result set.</summary>
public enum Normalization
{
    /// <summary>Raw values.</summary>
    None,

    /// <summary>(x - min) / (max - min) into [0, 1]; all equal -> 1 for present values.</summary>
    MinMax,

    /// <summary>(x - mean) / stddev; all equal -> 0.</summary>
    ZScore,
}

/// <summary>Applies a <see cref="Normalization"/> in place.</summary>
public static class NormalizationExtensions
{
    public static readonly string[] Names = ["none", "min_max", "z_score"];

    public static Normalization Parse(string name) => name switch
    {
        "min_max" => Normalization.MinMax,
        "z_score" => Normalization.ZScore,
        _ => Normalization.None,
    };

    public static void Apply(this Normalization kind, Span<double> values)
    {
        if (values.IsEmpty || kind == Normalization.None)
        {
            return;
        }

        if (kind == Normalization.MinMax)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            var range = max - min;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = range > 0 ? (values[i] - min) / range : 1.0;
            }

            return;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        double sq = 0;
        foreach (var v in values)
        {
            sq += (v - mean) * (v - mean);
        }

        var std = Math.Sqrt(sq / values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = std > 0 ? (values[i] - mean) / std : 0.0;
        }
    }
}
