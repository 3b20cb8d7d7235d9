namespace Sidecar.Text;

/// <summary>Tuning of <see cref="KeywordPredictor"/>.</summary>
public sealed class KeywordPredictorOptions
{
    /// <summary>At most this many keywords are returned (highest weights first). Default 8.</summary>
    public int MaxKeywords { get; init; } = 8;

    /// <summary>Weight of the first related term of a matched key. Default 1.0.</summary>
    public double SynonymWeight { get; init; } = 1.0;

    /// <summary>Each further term in a key's list is weighted by this factor once more (1.0, 0.85, 0.72...). Default 0.85.</summary>
    public double RankFactor { get; init; } = 0.85;

    /// <summary>Factor for keys matched by a Chinese sub-word rather than a whole term. Default 0.5.</summary>
    public double SubWordFactor { get; init; } = 0.5;

    /// <summary>Factor applied to the caller's keyword weights. Default 1.0.</summary>
    public double CallerWeightScale { get; init; } = 1.0;

    /// <summary>Keywords below this weight are dropped. Default 0.05.</summary>
    public double MinWeight { get; init; } = 0.05;
}
