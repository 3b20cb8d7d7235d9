using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Boosts or demotes hits the user recently interacted with, by event type: the value of a hit is the sum,
/// over the event types the user did on it (within the profile's bounded recent items), of
/// <c>types[type]</c>, each optionally decayed with <c>half_life_hours</c> since the event (0: no decay).
/// E.g. <c>types: { purchase: -1, add_to_cart: 0.5 }</c> demotes what was already bought and lifts what sits
/// in the cart. Items are matched by <c>_id</c>, and also by index with <c>match_index: true</c>.
/// YAML: <c>{ name, type: recently_interacted, types: { event_type: value }, half_life_hours: 0, match_index: false, weight }</c>.
/// </summary>
public sealed class RecentlyInteractedFeature : UserFeature
{
    public const string TypeName = "recently_interacted";

    private readonly Dictionary<string, double> _types;
    private readonly double _halfLifeMs;
    private readonly bool _matchIndex;

    private RecentlyInteractedFeature(FeatureDeclaration d, Dictionary<string, double> types, double halfLifeHours, bool matchIndex)
        : base(d, [])
    {
        _types = types;
        _halfLifeMs = halfLifeHours * 3_600_000.0;
        _matchIndex = matchIndex;
    }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node, FeatureBuildContext context)
    {
        Require(node, context, TypeName);
        var types = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (type, value) in node.Section("types").Entries())
        {
            if (!UserIdentity.IsValidEventType(type))
            {
                node.Errors.Add(value, $"'{type}' is not an event type (1-64 characters of a-z 0-9 _, starting with a letter)");
                continue;
            }

            types[type] = value.AsDouble(0, -1e6, 1e6);
        }

        if (types.Count == 0)
        {
            node.Errors.Add(node.Path + ".types", node.Line, node.Column, "at least one event type is required, e.g. { purchase: -1.0, add_to_cart: 0.5 }");
        }

        var halfLife = node.Double("half_life_hours", 0, 0, 1e6);
        return new RecentlyInteractedFeature(d, types, halfLife, node.Bool("match_index", false));
    }

    protected override void Compute(UserProfile user, RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        for (var i = 0; i < hits.Length; i++)
        {
            values[i] = 0;
            if (hits[i].Id is not { } id)
            {
                continue;
            }

            var interactions = user.RecentInteractions(id);
            if (interactions.IsEmpty)
            {
                continue;
            }

            var index = _matchIndex && hits[i].Hit.TryGetProperty("_index"u8, out var ix) ? ix.GetString() : null;
            foreach (var r in interactions)
            {
                if ((index is null || r.Index == index) && _types.TryGetValue(r.Type, out var value))
                {
                    values[i] += _halfLifeMs > 0 ? value * DecayedValue.Factor(user.NowMs - r.AtMs, _halfLifeMs) : value;
                }
            }
        }
    }
}
