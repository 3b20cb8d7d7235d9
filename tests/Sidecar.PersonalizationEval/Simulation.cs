using System.Globalization;

namespace Sidecar.PersonalizationEval;

/// <summary>One behaviour event as the events API takes it.</summary>
public sealed record SimEvent(string EventId, string UserId, string Type, string ItemId, string Query, long TimestampMs);

/// <summary>A simulated user: preferences, the queries of their history, their held-out searches, their events.</summary>
public sealed class SimulatedUser
{
    public SimulatedUser(string id, bool withHistory, Preferences preferences, IReadOnlyList<JudgedQuery> training,
        IReadOnlyList<JudgedQuery> heldOut, IReadOnlyList<JudgedQuery> offPreference, int affineQueries)
    {
        Id = id;
        WithHistory = withHistory;
        Preferences = preferences;
        Training = training;
        HeldOut = heldOut;
        OffPreference = offPreference;
        AffineQueries = affineQueries;
    }

    public string Id { get; }

    /// <summary>False for the fresh ids: never any event, their searches must rank exactly as anonymous.</summary>
    public bool WithHistory { get; }

    public Preferences Preferences { get; }

    public IReadOnlyList<JudgedQuery> Training { get; }

    /// <summary>Held-out queries whose relevant judged products include one the user prefers (never in <see cref="Training"/>).</summary>
    public IReadOnlyList<JudgedQuery> HeldOut { get; }

    /// <summary>Held-out queries none of whose judged products the user prefers (the cost of personalization elsewhere).</summary>
    public IReadOnlyList<JudgedQuery> OffPreference { get; }

    /// <summary>How many queries of the set have a relevant (grade &gt;= 2) judged product this user prefers.</summary>
    public int AffineQueries { get; }

    public List<SimEvent> Events { get; } = [];
}

/// <summary>
/// Deterministic simulation of users over the ESCI catalogue (see <see cref="Model"/> for the stated model):
/// preferences sampled from products judged relevant, training and held-out queries, and the history a
/// position-biased click model produces on the sidecar's anonymous top candidates.
/// </summary>
public sealed class Simulation
{
    private readonly Catalogue _catalogue;
    private readonly EvalOptions _o;
    private readonly PriceBands _bands;
    private readonly List<(JudgedQuery Query, Product[] Relevant)> _anchors;
    private readonly Dictionary<string, Product[]> _relevantByTopCategory;

    public Simulation(Catalogue catalogue, EvalOptions options)
    {
        _catalogue = catalogue;
        _o = options;
        _bands = new PriceBands(options.PriceBands);
        _anchors = [];
        var relevant = new SortedDictionary<string, Product>(StringComparer.Ordinal);
        foreach (var q in catalogue.Queries)
        {
            var products = q.Grades.Where(g => g.Value >= 2 && catalogue.Products.ContainsKey(g.Key))
                .Select(g => catalogue.Products[g.Key]).Where(p => p.Brand is not null)
                .OrderBy(p => p.Asin, StringComparer.Ordinal).ToArray();
            if (products.Length > 0)
            {
                _anchors.Add((q, products));
            }

            foreach (var p in products)
            {
                relevant[p.Asin] = p;
            }
        }

        _relevantByTopCategory = relevant.Values.Where(p => p.Category.Count > 0)
            .GroupBy(p => p.Category[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Anchors rejected because their preferences met too few queries' relevant products.</summary>
    public int RejectedAnchors { get; private set; }

    /// <summary>The stated simulation model, printed in the report (keep in step with the code).</summary>
    public string Model => string.Join('\n',
        $"preferences: anchor = a product judged grade >= 2 for a query drawn uniformly (products with a brand);",
        $"  brands = the anchor's brand, plus with p={F(_o.SecondBrandProbability)} the brand of another relevant product of the same top-level category;",
        $"  category = {(_o.CategoryDepth > 0 ? $"the first {_o.CategoryDepth} levels of the anchor's category path" : "the anchor's whole category path")} (when it has one); price band = the anchor's band of {_bands} (when it has a price);",
        $"  a product matches when its brand is preferred OR its category starts with the preferred prefix OR its price is in the preferred band;",
        $"  affine queries = queries with a grade >= 2 judged product that matches; anchors with fewer than {_o.HeldOut + _o.MinAffineTraining} affine queries are redrawn",
        $"queries: {_o.HeldOut} held-out = drawn from the affine queries; {_o.OffPreference} off-preference held-out = drawn from queries with no matching judged product;",
        $"  {_o.TrainQueries} training = up to half from the remaining affine queries, the rest from the other queries (never a held-out one)",
        $"history: per training query, one session at a uniform time in the past {_o.HistoryDays} days over the sidecar's anonymous top {_o.Candidates};",
        $"  P(examine rank r) = 1/(r+1)^{F(_o.ExamineExponent)}; P(click | examined) = {F(_o.ClickBase)} + {F(_o.ClickPreference)} * [matches] * (grade >= 2 ? 1 : {F(_o.ClickIrrelevantFactor)}) (unjudged: grade 0);",
        $"  a click sends `click`, then add_to_cart with p={F(_o.CartProbability)}, then purchase with p={F(_o.PurchaseProbability)} (no view events)",
        $"gain: (2^grade - 1) * (1 + [product matches the user's preferences]) for grade >= 1, 0 for grade 0 or unjudged;",
        $"  ideal DCG from all judged products of the query under the same gain; anonymous and personalized lists scored with the same user's gain");

    /// <summary>User <paramref name="index"/> of a kind (with history or fresh), drawn from its own seeded generator.</summary>
    public SimulatedUser CreateUser(bool withHistory, int index)
    {
        var rng = new Random(Mix(_o.Seed, withHistory ? 1 : 2, index));
        var id = string.Create(CultureInfo.InvariantCulture, $"pe-{_o.RunTag}-{(withHistory ? "u" : "fresh")}{index:D3}");
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var preferences = DrawPreferences(rng);
            var affine = _catalogue.Queries.Where(q => q.Grades.Any(g => g.Value >= 2 && Matches(preferences, g.Key))).ToList();
            if (affine.Count < _o.HeldOut + _o.MinAffineTraining)
            {
                RejectedAnchors++;
                continue;
            }

            var heldOut = Sample(rng, affine, _o.HeldOut);
            var offCandidates = _catalogue.Queries.Where(q => !q.Grades.Keys.Any(a => Matches(preferences, a))).ToList();
            var offPreference = Sample(rng, offCandidates, Math.Min(_o.OffPreference, offCandidates.Count));
            var excluded = heldOut.Concat(offPreference).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            var affineLeft = Shuffle(rng, affine.Where(q => !excluded.Contains(q.Id)).ToList());
            var affineIds = affine.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            var others = Shuffle(rng, _catalogue.Queries.Where(q => !excluded.Contains(q.Id) && !affineIds.Contains(q.Id)).ToList());
            var training = affineLeft.Take(_o.TrainQueries / 2).ToList();
            training.AddRange(others.Take(_o.TrainQueries - training.Count));
            training.AddRange(affineLeft.Skip(_o.TrainQueries / 2).Take(_o.TrainQueries - training.Count));
            return new SimulatedUser(id, withHistory, preferences, Shuffle(rng, training), heldOut, offPreference, affine.Count);
        }

        throw new InvalidOperationException("no anchor product gives preferences that meet enough queries; lower --heldout");
    }

    /// <summary>
    /// The user's history: one session per training query over <paramref name="candidates"/> (the anonymous
    /// top of that query), clicks by the click model, some carts and purchases, timestamps before <paramref name="nowMs"/>.
    /// </summary>
    public void GenerateHistory(SimulatedUser user, Func<JudgedQuery, IReadOnlyList<string>> candidates, long nowMs, int index)
    {
        var rng = new Random(Mix(_o.Seed, 3, index));
        var n = 0;
        foreach (var q in user.Training)
        {
            var span = (long)TimeSpan.FromDays(_o.HistoryDays).TotalMilliseconds;
            var session = nowMs - (long)(rng.NextDouble() * (span - 3_600_000)) - 3_600_000; // at least an hour ago
            var list = candidates(q);
            for (var r = 1; r <= Math.Min(_o.Candidates, list.Count); r++)
            {
                var examine = rng.NextDouble() < Math.Pow(r + 1, -_o.ExamineExponent);
                var click = rng.NextDouble(); // drawn for every rank, so examination does not shift later draws
                var cart = rng.NextDouble();
                var purchase = rng.NextDouble();
                if (!examine)
                {
                    continue;
                }

                var asin = list[r - 1];
                var grade = q.Grades.GetValueOrDefault(asin, 0);
                var matches = Matches(user.Preferences, asin) ? 1.0 : 0.0;
                var p = _o.ClickBase + (_o.ClickPreference * matches * (grade >= 2 ? 1.0 : _o.ClickIrrelevantFactor));
                if (click >= p)
                {
                    continue;
                }

                var at = session + (r * 15_000L);
                user.Events.Add(new SimEvent(EventId(user, n++), user.Id, "click", asin, q.Text, at));
                if (cart < _o.CartProbability)
                {
                    user.Events.Add(new SimEvent(EventId(user, n++), user.Id, "add_to_cart", asin, q.Text, at + 60_000));
                    if (purchase < _o.PurchaseProbability)
                    {
                        user.Events.Add(new SimEvent(EventId(user, n++), user.Id, "purchase", asin, q.Text, at + 180_000));
                    }
                }
            }
        }
    }

    public bool Matches(Preferences preferences, string asin) =>
        _catalogue.Products.TryGetValue(asin, out var p) && preferences.Matches(p);

    private Preferences DrawPreferences(Random rng)
    {
        var (_, relevant) = _anchors[rng.Next(_anchors.Count)];
        var anchor = relevant[rng.Next(relevant.Length)];
        var brands = new List<string> { anchor.Brand! };
        if (rng.NextDouble() < _o.SecondBrandProbability && anchor.Category.Count > 0 &&
            _relevantByTopCategory.TryGetValue(anchor.Category[0], out var sameTop))
        {
            var other = sameTop.Where(p => !string.Equals(p.Brand, anchor.Brand, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (other.Length > 0)
            {
                brands.Add(other[rng.Next(other.Length)].Brand!);
            }
        }

        var category = anchor.Category.Count == 0 ? null
            : _o.CategoryDepth > 0 ? anchor.Category.Take(_o.CategoryDepth).ToArray() : anchor.Category.ToArray();
        int? band = anchor.Price is { } price ? _bands.Band(price) : null;
        return new Preferences(brands, category, band, _bands);
    }

    private string EventId(SimulatedUser user, int n) => string.Create(CultureInfo.InvariantCulture, $"{user.Id}-e{n:D4}");

    private static List<T> Sample<T>(Random rng, List<T> items, int count) => Shuffle(rng, [.. items]).Take(count).ToList();

    private static List<T> Shuffle<T>(Random rng, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private static int Mix(int seed, int kind, int index) => unchecked((seed * 1_000_003) + (kind * 7_919) + (index * 104_729));

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
