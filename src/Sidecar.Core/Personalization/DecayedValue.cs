namespace Sidecar.Personalization;

/// <summary>
/// A quantity that halves every half-life: <c>value(t) = value(t0) * 2^(-(t - t0) / half_life)</c>, stored
/// as its value at a reference time <c>t0</c> (epoch ms) and decayed lazily when read. Adding weight
/// <c>w</c> at time <c>te</c> keeps <c>t0 = max(t0, te)</c>, so the value at any later time is
/// <c>sum_i w_i * 2^(-(t - t_i) / half_life)</c> whatever order the events were applied in: increments
/// from concurrent writers and late events commute.
/// </summary>
public readonly record struct DecayedValue(double Value, long RefMs)
{
    /// <summary><c>2^(-dt / half_life)</c>; 1 when <paramref name="dtMs"/> is not positive (a reader whose clock is behind).</summary>
    public static double Factor(long dtMs, double halfLifeMs) => dtMs <= 0 ? 1.0 : Math.Pow(2.0, -dtMs / halfLifeMs);

    /// <summary>The value at <paramref name="nowMs"/>.</summary>
    public double At(long nowMs, double halfLifeMs) => Value * Factor(nowMs - RefMs, halfLifeMs);

    /// <summary>This value plus <paramref name="weight"/> added at <paramref name="atMs"/>.</summary>
    public DecayedValue Add(double weight, long atMs, double halfLifeMs)
    {
        var reference = Math.Max(RefMs, atMs);
        return new DecayedValue(
            (Value * Factor(reference - RefMs, halfLifeMs)) + (weight * Factor(reference - atMs, halfLifeMs)),
            reference);
    }
}
