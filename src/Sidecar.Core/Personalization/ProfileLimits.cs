namespace Sidecar.Personalization;

/// <summary>Bounds of one stored profile (YAML <c>personalization.profile</c>).</summary>
public sealed record ProfileLimits
{
    /// <summary>Affinities kept per kind (categories, brands, price bands); the weakest go first (YAML <c>max_affinities</c>). Default 100.</summary>
    public int MaxAffinities { get; init; } = 100;

    /// <summary>Most recent (item, event type) pairs kept (YAML <c>recent_items</c>). Default 50.</summary>
    public int RecentItems { get; init; } = 50;

    /// <summary>Most recent distinct queries kept (YAML <c>recent_queries</c>). Default 20.</summary>
    public int RecentQueries { get; init; } = 20;

    /// <summary>
    /// Ids of the last events applied, kept so that an event is never applied twice (a retry after a crash
    /// between the profile write and the event's "applied" mark) (YAML <c>applied_ids</c>). Default 1000.
    /// </summary>
    public int AppliedIds { get; init; } = 1000;
}
