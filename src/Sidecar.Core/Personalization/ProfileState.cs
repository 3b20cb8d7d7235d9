namespace Sidecar.Personalization;

/// <summary>
/// A user's stored profile (one document of the profiles index, keyed by the user hash): decayed
/// affinities to every level of the category path, to brands and to price bands; the interest embedding;
/// bounded recent items and queries; and the ids of the last events applied, so that no event counts twice.
/// Mutable while one update applies events to it; never changed once handed to the cache.
/// </summary>
public sealed class ProfileState
{
    /// <summary>Joins category levels into the keys of <see cref="Categories"/>: <c>Electronics &gt; Headphones</c>.</summary>
    public const string CategorySeparator = " > ";

    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly Queue<string> _appliedOrder = new();

    public ProfileState(string userHash)
    {
        UserHash = userHash;
    }

    public string UserHash { get; }

    /// <summary>When the profile was last written (epoch ms).</summary>
    public long UpdatedMs { get; set; }

    /// <summary>Events applied, ever.</summary>
    public long EventCount { get; set; }

    /// <summary>Affinity per category path prefix (every level: <c>A</c>, <c>A &gt; B</c>, ...).</summary>
    public AffinityMap Categories { get; } = new();

    public AffinityMap Brands { get; } = new();

    /// <summary>Affinity per price band label (<see cref="PriceBands.Label"/>).</summary>
    public AffinityMap PriceBands { get; } = new();

    public InterestVector? Interest { get; set; }

    /// <summary>Newest first; one entry per (index, item, event type).</summary>
    public List<RecentItem> RecentItems { get; } = [];

    /// <summary>Newest first; one entry per query (ignoring case).</summary>
    public List<RecentQuery> RecentQueries { get; } = [];

    /// <summary>Ids of the last events applied, oldest first.</summary>
    public IEnumerable<string> AppliedIds => _appliedOrder;

    public bool HasApplied(string eventId) => _applied.Contains(eventId);

    /// <summary>Records an event id as applied without applying it (reading JSON).</summary>
    public void MarkApplied(string eventId)
    {
        if (_applied.Add(eventId))
        {
            _appliedOrder.Enqueue(eventId);
        }
    }

    /// <summary>Applies one event; false (and no change) when it was applied before.</summary>
    public bool Apply(BehaviourEvent e, ItemAttributes item, PersonalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        if (HasApplied(e.EventId))
        {
            return false;
        }

        MarkApplied(e.EventId);
        EventCount++;
        var h = options.HalfLifeMs;
        var t = e.TimestampMs;
        if (e.Weight > 0)
        {
            var path = string.Empty;
            foreach (var level in item.Categories)
            {
                path = path.Length == 0 ? level : path + CategorySeparator + level;
                Categories.Add(path, e.Weight, t, h);
            }

            if (item.Brand is { } brand)
            {
                Brands.Add(brand, e.Weight, t, h);
            }

            if (item.Price is { } price)
            {
                PriceBands.Add(options.PriceBands.Label(options.PriceBands.Band(price)), e.Weight, t, h);
            }

            if (item.Embedding is { } embedding)
            {
                Interest ??= new InterestVector(new float[embedding.Length], 0, t);
                Interest.Add(embedding, e.Weight, t, h);
            }
        }

        Remember(new RecentItem(e.Index, e.ItemId, e.Type, t), options.Limits.RecentItems);
        if (!string.IsNullOrWhiteSpace(e.Query))
        {
            Remember(new RecentQuery(e.Query.Trim(), t), options.Limits.RecentQueries);
        }

        return true;
    }

    /// <summary>Applies the bounds: weakest affinities, oldest applied ids, and recent entries past retention go.</summary>
    public void Trim(long nowMs, PersonalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var max = options.Limits.MaxAffinities;
        Categories.Trim(max, nowMs, options.HalfLifeMs);
        Brands.Trim(max, nowMs, options.HalfLifeMs);
        PriceBands.Trim(max, nowMs, options.HalfLifeMs);
        while (_appliedOrder.Count > options.Limits.AppliedIds)
        {
            _applied.Remove(_appliedOrder.Dequeue());
        }

        var cutoff = options.RetentionCutoffMs(nowMs);
        RecentItems.RemoveAll(r => r.AtMs < cutoff);
        RecentQueries.RemoveAll(r => r.AtMs < cutoff);
    }

    private void Remember(RecentItem item, int max)
    {
        var i = RecentItems.FindIndex(r => r.Id == item.Id && r.Index == item.Index && r.Type == item.Type);
        if (i >= 0)
        {
            item = item with { AtMs = Math.Max(item.AtMs, RecentItems[i].AtMs) };
            RecentItems.RemoveAt(i);
        }

        Insert(RecentItems, item, r => r.AtMs, max);
    }

    private void Remember(RecentQuery query, int max)
    {
        var i = RecentQueries.FindIndex(r => string.Equals(r.Text, query.Text, StringComparison.OrdinalIgnoreCase));
        if (i >= 0)
        {
            query = query with { AtMs = Math.Max(query.AtMs, RecentQueries[i].AtMs) };
            RecentQueries.RemoveAt(i);
        }

        Insert(RecentQueries, query, r => r.AtMs, max);
    }

    /// <summary>Inserts keeping newest first, then drops the oldest beyond <paramref name="max"/>.</summary>
    private static void Insert<T>(List<T> list, T value, Func<T, long> time, int max)
    {
        var at = list.FindIndex(r => time(r) < time(value));
        list.Insert(at < 0 ? list.Count : at, value);
        if (list.Count > max)
        {
            list.RemoveRange(max, list.Count - max);
        }
    }
}
