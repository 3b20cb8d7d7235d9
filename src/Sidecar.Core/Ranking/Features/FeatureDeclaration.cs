namespace Sidecar.Ranking.Features;

/// <summary>The keys every feature declaration shares: <c>name</c>, <c>type</c>, <c>weight</c>, <c>missing</c>.</summary>
public sealed record FeatureDeclaration(string Name, string Type, double Weight, double Missing);
