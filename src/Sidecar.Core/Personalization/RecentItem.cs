namespace Sidecar.Personalization;

/// <summary>The last time the user did <paramref name="Type"/> on item <paramref name="Id"/> of <paramref name="Index"/> (epoch ms).</summary>
public readonly record struct RecentItem(string Index, string Id, string Type, long AtMs);
