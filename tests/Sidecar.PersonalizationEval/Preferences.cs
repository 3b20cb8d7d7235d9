namespace Sidecar.PersonalizationEval;

/// <summary>
/// Price bands as the sidecar cuts them (<c>personalization.price_bands</c>): boundaries ascending,
/// a boundary belongs to the band above, so <c>[10, 25]</c> makes bands 0 (&lt;10), 1 (10-25), 2 (25+).
/// </summary>
public sealed class PriceBands
{
    private readonly double[] _boundaries;

    public PriceBands(IEnumerable<double> boundaries)
    {
        _boundaries = [.. boundaries.Order()];
    }

    public int Band(double price)
    {
        var band = 0;
        while (band < _boundaries.Length && price >= _boundaries[band])
        {
            band++;
        }

        return band;
    }

    public string Describe(int band) =>
        band == 0 ? FormattableString.Invariant($"<{_boundaries[0]}")
        : band >= _boundaries.Length ? FormattableString.Invariant($"{_boundaries[^1]}+")
        : FormattableString.Invariant($"{_boundaries[band - 1]}-{_boundaries[band]}");

    public override string ToString() => "[" + string.Join(", ", _boundaries.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}

/// <summary>
/// What a simulated user prefers: 1-2 brands, a category path prefix (when the anchor product has a
/// category) and a price band (when the anchor product has a price). A product matches when ANY holds:
/// its brand is one of the brands (ignoring case), its category path starts with the prefix, or its price
/// falls in the band.
/// </summary>
public sealed class Preferences
{
    public Preferences(IReadOnlyList<string> brands, IReadOnlyList<string>? category, int? priceBand, PriceBands bands)
    {
        Brands = brands;
        Category = category;
        PriceBand = priceBand;
        Bands = bands;
    }

    public IReadOnlyList<string> Brands { get; }

    public IReadOnlyList<string>? Category { get; }

    public int? PriceBand { get; }

    public PriceBands Bands { get; }

    public bool Matches(Product p)
    {
        if (p.Brand is { } brand && Brands.Any(b => string.Equals(b, brand, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (Category is { Count: > 0 } prefix && p.Category.Count >= prefix.Count && prefix.Select((level, i) => level == p.Category[i]).All(x => x))
        {
            return true;
        }

        return PriceBand is { } band && p.Price is { } price && Bands.Band(price) == band;
    }

    public override string ToString()
    {
        var parts = new List<string> { "brands " + string.Join(" + ", Brands) };
        if (Category is { Count: > 0 })
        {
            parts.Add("category " + string.Join(" > ", Category));
        }

        if (PriceBand is { } band)
        {
            parts.Add("price " + Bands.Describe(band));
        }

        return string.Join("; ", parts);
    }
}
