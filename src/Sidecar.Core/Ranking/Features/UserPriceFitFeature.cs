using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// How well the hit's price fits the price bands the user buys in (bands from
/// <c>personalization.price_bands</c>): band scores <c>s(b) = sum_j a_j * neighbor_weight^|b - j|</c> over the
/// user's band affinities <c>a_j</c>, divided by the best band's score, so 1 is the user's band and
/// neighbouring bands get partial credit. Hits without a price get <c>missing</c>.
/// YAML: <c>{ name, type: user_price_fit, field (default personalization.item_fields.price), neighbor_weight: 0.5, missing, weight }</c>.
/// </summary>
public sealed class UserPriceFitFeature : UserFeature
{
    public const string TypeName = "user_price_fit";

    private readonly string _field;
    private readonly double _neighbor;

    private UserPriceFitFeature(FeatureDeclaration d, string field, double neighbor)
        : base(d, [field])
    {
        _field = field;
        _neighbor = neighbor;
    }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node, FeatureBuildContext context)
    {
        var options = Require(node, context, TypeName);
        var field = node.String("field", options.ItemFields.Price)!;
        return new UserPriceFitFeature(d, field, node.Double("neighbor_weight", 0.5, 0, 1));
    }

    /// <summary>The smoothed, normalised score of every band for <paramref name="user"/>.</summary>
    public static double[] BandScores(UserProfile user, double neighborWeight)
    {
        ArgumentNullException.ThrowIfNull(user);
        var a = user.PriceBandAffinity;
        var scores = new double[a.Count];
        for (var b = 0; b < scores.Length; b++)
        {
            for (var j = 0; j < a.Count; j++)
            {
                scores[b] += a[j] * Math.Pow(neighborWeight, Math.Abs(b - j));
            }
        }

        var max = scores.Length == 0 ? 0 : scores.Max();
        for (var b = 0; b < scores.Length && max > 0; b++)
        {
            scores[b] /= max;
        }

        return scores;
    }

    protected override void Compute(UserProfile user, RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        var scores = BandScores(user, _neighbor);
        for (var i = 0; i < hits.Length; i++)
        {
            values[i] = hits[i].TryGetNumber(_field, out var price) && price >= 0
                ? scores[user.Bands.Band(price)]
                : Missing;
        }
    }
}
