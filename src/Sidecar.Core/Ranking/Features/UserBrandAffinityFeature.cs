using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// How much the user likes the hit's brand: the user's decayed brand affinity normalised to [0, 1] (1 for
/// their favourite brand), matched ignoring case; the best of several values counts. Hits without the
/// field get <c>missing</c>.
/// YAML: <c>{ name, type: user_brand_affinity, field (default personalization.item_fields.brand), missing, weight }</c>.
/// </summary>
public sealed class UserBrandAffinityFeature : UserFeature
{
    public const string TypeName = "user_brand_affinity";

    private readonly string _field;

    private UserBrandAffinityFeature(FeatureDeclaration d, string field)
        : base(d, [field])
    {
        _field = field;
    }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node, FeatureBuildContext context)
    {
        var options = Require(node, context, TypeName);
        return new UserBrandAffinityFeature(d, node.String("field", options.ItemFields.Brand)!);
    }

    protected override void Compute(UserProfile user, RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        for (var i = 0; i < hits.Length; i++)
        {
            double? best = null;
            if (hits[i].TryGetField(_field, out var e))
            {
                if (e.ValueKind == JsonValueKind.String)
                {
                    best = user.BrandAffinity(e.GetString());
                }
                else if (e.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in e.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String)
                        {
                            best = Math.Max(best ?? 0, user.BrandAffinity(item.GetString()));
                        }
                    }
                }
            }

            values[i] = best ?? Missing;
        }
    }
}
