namespace Sidecar.Text;

/// <summary>A keyword supplied by the caller (e.g. a user interest) with its weight.</summary>
/// <param name="Term">The keyword, any case or width: it is normalised.</param>
/// <param name="Weight">Its weight; zero or negative weights are ignored.</param>
public readonly record struct WeightedKeyword(string Term, double Weight);
