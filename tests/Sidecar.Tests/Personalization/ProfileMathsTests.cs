using Sidecar.Personalization;

namespace Sidecar.Tests.Personalization;

/// <summary>Decay, event weights and price bands: the arithmetic every profile is built from.</summary>
public sealed class ProfileMathsTests
{
    private const double Hour = 3_600_000;
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void Decay_AfterOneHalfLife_HalvesTheValue()
    {
        var v = new DecayedValue(8, T0);
        Assert.Equal(8, v.At(T0, 10 * Hour), 12);
        Assert.Equal(4, v.At(T0 + (long)(10 * Hour), 10 * Hour), 12);
        Assert.Equal(1, v.At(T0 + (long)(30 * Hour), 10 * Hour), 12);
    }

    [Fact]
    public void Decay_ReaderClockBehindReference_DoesNotGrowTheValue()
    {
        Assert.Equal(3, new DecayedValue(3, T0).At(T0 - 1000, Hour), 12);
    }

    [Fact]
    public void Decay_EventsInAnyOrder_GiveTheSameValue()
    {
        var h = 24 * Hour;
        var events = new[] { (W: 1.0, T: T0), (W: 5.0, T: T0 + 3_600_000), (W: 0.2, T: T0 - 86_400_000), (W: 3.0, T: T0 + 7_200_000) };
        var expected = events.Sum(e => e.W * Math.Pow(2, -((T0 + 10_000_000) - e.T) / h));
        foreach (var order in new[] { events, events.Reverse().ToArray(), [events[2], events[0], events[3], events[1]] })
        {
            var v = order.Aggregate(default(DecayedValue), (acc, e) => acc.Add(e.W, e.T, h));
            Assert.Equal(expected, v.At(T0 + 10_000_000, h), 9);
        }
    }

    [Fact]
    public void Decay_LateEvent_CountsAtItsOwnTime()
    {
        var h = 10 * Hour;
        var v = new DecayedValue(1, T0).Add(4, T0 - (long)(10 * Hour), h); // an event one half-life older than the reference
        Assert.Equal(T0, v.RefMs);
        Assert.Equal(3, v.Value, 12);
    }

    [Theory]
    [InlineData(5.0, 0)]
    [InlineData(10.0, 1)]
    [InlineData(24.99, 1)]
    [InlineData(25.0, 2)]
    [InlineData(499.0, 5)]
    [InlineData(500.0, 6)]
    [InlineData(10_000.0, 6)]
    public void PriceBands_DefaultBoundaries_PutPricesInTheirBand(double price, int band)
    {
        Assert.Equal(band, PriceBands.Default.Band(price));
    }

    [Fact]
    public void PriceBands_Labels_NameTheRanges()
    {
        var bands = new PriceBands([10, 25.5]);
        Assert.Equal(["<10", "10-25.5", "25.5+"], Enumerable.Range(0, bands.Count).Select(bands.Label));
        Assert.Equal(1, bands.IndexOf("10-25.5"));
        Assert.Equal(-1, bands.IndexOf("10-20"));
    }

    [Fact]
    public void PriceBands_NotAscending_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new PriceBands([10, 10]));
        Assert.Throws<ArgumentException>(() => new PriceBands([]));
        Assert.Throws<ArgumentException>(() => new PriceBands([-1, 5]));
    }

    [Fact]
    public void Options_EventWeights_DefaultAndCustom()
    {
        var o = new PersonalizationOptions();
        Assert.Equal(5.0, o.WeightOf("purchase"));
        Assert.Equal(1.0, o.WeightOf("click"));
        Assert.Equal(0.2, o.WeightOf("view"));
        Assert.Equal(3.0, o.WeightOf("add_to_cart"));
        Assert.Equal(0.5, o.WeightOf("wishlist"));
    }
}
