namespace Sidecar.Personalization;

/// <summary>A query the user's events came from, and when it was last seen (epoch ms).</summary>
public readonly record struct RecentQuery(string Text, long AtMs);
