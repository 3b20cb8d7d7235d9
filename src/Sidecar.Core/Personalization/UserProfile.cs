using Sidecar.Embeddings;
using Sidecar.Text;

namespace Sidecar.Personalization;

/// <summary>
/// A user's profile as one search sees it (<c>RerankContext.User</c>): affinities decayed to the time of
/// the search and normalised to [0, 1] (each category depth, brands and price bands by their own strongest
/// entry), the unit interest embedding, and the recent items by id. Immutable. A user without history has
/// <see cref="HasHistory"/> false and every user feature gives 0 for every hit, so they rank as anonymous.
/// </summary>
public sealed class UserProfile
{
    private readonly Dictionary<string, double> _categories;
    private readonly Dictionary<string, double> _brands;
    private readonly Dictionary<string, RecentItem[]> _recent;

    private UserProfile(string userHash, long nowMs, PriceBands bands)
    {
        UserHash = userHash;
        NowMs = nowMs;
        Bands = bands;
        _categories = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        _brands = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        _recent = new Dictionary<string, RecentItem[]>(StringComparer.Ordinal);
        PriceBandAffinity = new double[bands.Count];
    }

    /// <summary>The keyed hash of the user id (safe to log in its short form).</summary>
    public string UserHash { get; }

    /// <summary>The time the profile was evaluated at (epoch ms).</summary>
    public long NowMs { get; }

    public bool HasHistory { get; private init; }

    public long EventCount { get; private init; }

    public PriceBands Bands { get; }

    /// <summary>Normalised affinity per price band (index of <see cref="Bands"/>).</summary>
    public IReadOnlyList<double> PriceBandAffinity { get; }

    /// <summary>The unit interest embedding; null when no interacted item had one.</summary>
    public float[]? Interest { get; private init; }

    public IReadOnlyList<RecentQuery> RecentQueries { get; private init; } = [];

    public static UserProfile NoHistory(string userHash, long nowMs, PersonalizationOptions options) =>
        new(userHash, nowMs, options.PriceBands);

    /// <summary>Evaluates <paramref name="state"/> at <paramref name="nowMs"/>; a profile idle beyond retention has no history.</summary>
    public static UserProfile From(ProfileState? state, string userHash, long nowMs, PersonalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (state is null || state.EventCount == 0 || state.UpdatedMs < options.RetentionCutoffMs(nowMs))
        {
            return NoHistory(userHash, nowMs, options);
        }

        var h = options.HalfLifeMs;
        var view = new UserProfile(userHash, nowMs, options.PriceBands)
        {
            HasHistory = true,
            EventCount = state.EventCount,
            Interest = state.Interest?.Sum is { } sum && VectorMath.Norm(sum) > 0 ? VectorMath.Normalized(sum) : null,
            RecentQueries = [.. state.RecentQueries],
        };
        var maxByDepth = new Dictionary<int, double>();
        foreach (var e in state.Categories.Entries)
        {
            var d = Depth(e.Key);
            maxByDepth[d] = Math.Max(maxByDepth.GetValueOrDefault(d), e.Value.At(nowMs, h));
        }

        foreach (var e in state.Categories.Entries)
        {
            var max = maxByDepth[Depth(e.Key)];
            view._categories[e.Key] = max > 0 ? e.Value.At(nowMs, h) / max : 0;
        }

        var brandMax = state.Brands.Entries.Select(e => e.Value.At(nowMs, h)).DefaultIfEmpty(0).Max();
        foreach (var e in state.Brands.Entries)
        {
            view._brands[e.Key] = brandMax > 0 ? e.Value.At(nowMs, h) / brandMax : 0;
        }

        var bands = (double[])view.PriceBandAffinity;
        foreach (var e in state.PriceBands.Entries)
        {
            if (options.PriceBands.IndexOf(e.Key) is var i and >= 0)
            {
                bands[i] = e.Value.At(nowMs, h);
            }
        }

        var bandMax = bands.Max();
        for (var i = 0; i < bands.Length && bandMax > 0; i++)
        {
            bands[i] /= bandMax;
        }

        var cutoff = options.RetentionCutoffMs(nowMs);
        foreach (var group in state.RecentItems.Where(r => r.AtMs >= cutoff).GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            view._recent[group.Key] = [.. group];
        }

        return view;
    }

    /// <summary>Normalised affinity to one category path prefix (<c>A &gt; B</c>), 0 when unknown.</summary>
    public double CategoryAffinity(ReadOnlySpan<char> path) =>
        _categories.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var v) ? v : 0.0;

    /// <summary>Normalised affinity to a brand (ignoring case), 0 when unknown.</summary>
    public double BrandAffinity(ReadOnlySpan<char> brand) =>
        _brands.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(brand.Trim(), out var v) ? v : 0.0;

    /// <summary>What the user did recently on the item with this id (any index), newest first; empty when nothing.</summary>
    public ReadOnlySpan<RecentItem> RecentInteractions(string itemId) =>
        _recent.TryGetValue(itemId, out var items) ? items : [];

    /// <summary>
    /// The user's strongest interests as weighted keywords for query expansion (<c>KeywordPredictor.Predict</c>'s
    /// caller keywords): brands and category names with their normalised affinity, strongest first, deeper
    /// categories before broader ones at equal weight, each keyword once.
    /// </summary>
    public IReadOnlyList<WeightedKeyword> TopInterests(int max = 5, double minWeight = 0.25)
    {
        if (!HasHistory || max <= 0)
        {
            return [];
        }

        var candidates = _brands.Select(b => (Term: b.Key, Weight: b.Value, Depth: int.MaxValue))
            .Concat(_categories.Select(c => (Term: Leaf(c.Key), Weight: c.Value, Depth: Depth(c.Key))))
            .Where(c => c.Weight >= minWeight && c.Term.Length > 0)
            .OrderByDescending(c => c.Weight).ThenByDescending(c => c.Depth).ThenBy(c => c.Term, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<WeightedKeyword>(max);
        foreach (var (term, weight, _) in candidates)
        {
            if (seen.Add(term))
            {
                result.Add(new WeightedKeyword(term, weight));
                if (result.Count == max)
                {
                    break;
                }
            }
        }

        return result;
    }

    private static int Depth(string path)
    {
        var depth = 1;
        var i = 0;
        while ((i = path.IndexOf(ProfileState.CategorySeparator, i, StringComparison.Ordinal)) >= 0)
        {
            depth++;
            i += ProfileState.CategorySeparator.Length;
        }

        return depth;
    }

    private static string Leaf(string path)
    {
        var i = path.LastIndexOf(ProfileState.CategorySeparator, StringComparison.Ordinal);
        return i < 0 ? path : path[(i + ProfileState.CategorySeparator.Length)..];
    }
}
