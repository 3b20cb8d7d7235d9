using System.Globalization;

namespace Sidecar.Personalization;

/// <summary>
/// Price bands from ascending boundaries: with <c>[10, 25, 50]</c> the bands are <c>&lt;10</c>, <c>10-25</c>,
/// <c>25-50</c> and <c>50+</c> (a price equal to a boundary belongs to the band above it). Band labels are
/// what profiles store, so changing the boundaries starts the price affinities afresh.
/// </summary>
public sealed class PriceBands
{
    private readonly double[] _bounds;
    private readonly string[] _labels;

    public PriceBands(IReadOnlyList<double> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.Count == 0)
        {
            throw new ArgumentException("at least one price band boundary is required", nameof(bounds));
        }

        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || bounds[i] <= 0 || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                throw new ArgumentException("price band boundaries must be positive and strictly ascending", nameof(bounds));
            }
        }

        _bounds = [.. bounds];
        _labels = new string[_bounds.Length + 1];
        _labels[0] = "<" + Text(_bounds[0]);
        for (var i = 1; i < _bounds.Length; i++)
        {
            _labels[i] = Text(_bounds[i - 1]) + "-" + Text(_bounds[i]);
        }

        _labels[^1] = Text(_bounds[^1]) + "+";
    }

    public static PriceBands Default { get; } = new([10, 25, 50, 100, 250, 500]);

    public IReadOnlyList<double> Bounds => _bounds;

    /// <summary>Number of bands (boundaries + 1).</summary>
    public int Count => _labels.Length;

    /// <summary>The band of <paramref name="price"/>: 0 for below the first boundary, <see cref="Count"/>-1 for the top.</summary>
    public int Band(double price)
    {
        var i = Array.BinarySearch(_bounds, price);
        return i >= 0 ? i + 1 : ~i;
    }

    public string Label(int band) => _labels[band];

    /// <summary>The band whose label is <paramref name="label"/>, or -1 (e.g. a label from other boundaries).</summary>
    public int IndexOf(string label) => Array.IndexOf(_labels, label);

    private static string Text(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
