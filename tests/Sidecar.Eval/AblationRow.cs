namespace Sidecar.Eval;

/// <summary>Mean NDCG@10 of the profile without one declared feature, and with that feature alone.</summary>
public sealed record AblationRow(string Feature, string Type, double Weight, double Without, double Alone);
