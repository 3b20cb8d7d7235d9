namespace Sidecar.Text;

/// <summary>A keyword to add to a query (query expansion).</summary>
/// <param name="Term">Normalised keyword; may be a phrase ("noise cancelling").</param>
/// <param name="Weight">Relative weight: 1.0 for a synonym of a whole query term, less for later entries of
/// a list or sub-word matches; caller keywords keep the caller's weight times the configured scale.</param>
/// <param name="Source">What produced it.</param>
public sealed record PredictedKeyword(string Term, double Weight, KeywordSource Source);
