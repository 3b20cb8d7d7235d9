namespace Sidecar.Personalization;

/// <summary>
/// Decayed affinities by key (a brand, a category path, a price band), keys compared ignoring case, the
/// first spelling kept. Bounded: <see cref="Trim"/> drops the weakest entries at a given time.
/// Mutable; used only while a profile is being updated or read from JSON.
/// </summary>
public sealed class AffinityMap
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _entries.Count;

    public IEnumerable<Entry> Entries => _entries.Values;

    public void Add(string key, double weight, long atMs, double halfLifeMs)
    {
        _entries[key] = _entries.TryGetValue(key, out var e)
            ? e with { Value = e.Value.Add(weight, atMs, halfLifeMs) }
            : new Entry(key, new DecayedValue(weight, atMs));
    }

    /// <summary>Sets a stored entry as read from JSON (merging duplicates).</summary>
    public void Load(string key, double value, long refMs)
    {
        _entries[key] = _entries.TryGetValue(key, out var e)
            ? e with { Value = e.Value.Add(value, refMs, double.PositiveInfinity) }
            : new Entry(key, new DecayedValue(value, refMs));
    }

    public double ValueAt(string key, long nowMs, double halfLifeMs) =>
        _entries.TryGetValue(key, out var e) ? e.Value.At(nowMs, halfLifeMs) : 0.0;

    /// <summary>Keeps the <paramref name="max"/> strongest entries at <paramref name="nowMs"/>.</summary>
    public void Trim(int max, long nowMs, double halfLifeMs)
    {
        if (_entries.Count <= max)
        {
            return;
        }

        var weakest = _entries.Values
            .OrderBy(e => e.Value.At(nowMs, halfLifeMs))
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(_entries.Count - max)
            .Select(e => e.Key)
            .ToList();
        foreach (var key in weakest)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>One affinity: the key as first seen and its decayed value.</summary>
    public readonly record struct Entry(string Key, DecayedValue Value);
}
