using Sidecar.Configuration;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Maps a YAML feature <c>type</c> to the factory that validates its parameters and builds it.
/// New feature types register here (one file per type holding its schema and its computation).
/// </summary>
public sealed class FeatureRegistry
{
    private readonly Dictionary<string, Func<FeatureDeclaration, ConfigNode, FeatureBuildContext, IFeature>> _factories = new(StringComparer.Ordinal);

    public static FeatureRegistry CreateDefault()
    {
        var r = new FeatureRegistry();
        r.Register(FirstStageScoreFeature.TypeName, FirstStageScoreFeature.Create);
        r.Register(NumericFieldFeature.TypeName, NumericFieldFeature.Create);
        r.Register(DecayFeature.TypeName, DecayFeature.Create);
        r.Register(FieldValueBoostFeature.TypeName, FieldValueBoostFeature.Create);
        r.Register(TextMatchFeature.TypeName, TextMatchFeature.Create);
        r.Register(SemanticSimilarityFeature.TypeName, SemanticSimilarityFeature.Create);
        r.Register(UserCategoryAffinityFeature.TypeName, UserCategoryAffinityFeature.Create);
        r.Register(UserBrandAffinityFeature.TypeName, UserBrandAffinityFeature.Create);
        r.Register(UserPriceFitFeature.TypeName, UserPriceFitFeature.Create);
        r.Register(UserInterestSimilarityFeature.TypeName, UserInterestSimilarityFeature.Create);
        r.Register(RecentlyInteractedFeature.TypeName, RecentlyInteractedFeature.Create);
        return r;
    }

    public IEnumerable<string> Types => _factories.Keys.Order(StringComparer.Ordinal);

    public void Register(string type, Func<FeatureDeclaration, ConfigNode, IFeature> factory) => _factories[type] = (d, n, _) => factory(d, n);

    public void Register(string type, Func<FeatureDeclaration, ConfigNode, FeatureBuildContext, IFeature> factory) => _factories[type] = factory;

    /// <summary>Builds the feature declared at <paramref name="node"/>, or reports why it cannot and returns null.</summary>
    public IFeature? Create(ConfigNode node, FeatureBuildContext? context = null)
    {
        var name = node.String("name", required: true) ?? "?";
        var type = node.String("type", required: true);
        var weight = node.Double("weight", 1.0, -1e6, 1e6);
        var missing = node.Double("missing", 0.0);
        if (type is null)
        {
            return null;
        }

        if (!_factories.TryGetValue(type, out var factory))
        {
            node.Errors.Add(node.Path + ".type", node.Line, node.Column,
                $"unknown feature type '{type}' (known: {string.Join(", ", Types)})");
            return null;
        }

        var feature = factory(new FeatureDeclaration(name, type, weight, missing), node, context ?? FeatureBuildContext.Empty);
        node.ReportUnknownKeys();
        return feature;
    }
}
