using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Base of the personal features (<c>user_*</c>, <c>recently_interacted</c>). Without a user with history
/// (anonymous, an invalid id, no events, or the profile unavailable) every hit gets 0: the term is the same
/// for every hit, so the order is exactly the non-personal order and explanations show 0. The search path
/// looks a profile up only for rerank profiles that declare at least one of these.
/// </summary>
public abstract class UserFeature : IFeature
{
    protected UserFeature(FeatureDeclaration declaration, IReadOnlyList<string> sourceFields)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        Name = declaration.Name;
        Type = declaration.Type;
        Weight = declaration.Weight;
        Missing = declaration.Missing;
        SourceFields = sourceFields;
    }

    public string Name { get; }

    public string Type { get; }

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields { get; }

    /// <summary>The value for a hit without the input field, when the user has history.</summary>
    protected double Missing { get; }

    /// <summary>True when any of <paramref name="features"/> is personal.</summary>
    public static bool AnyIn(IReadOnlyList<IFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var f in features)
        {
            if (f is UserFeature)
            {
                return true;
            }
        }

        return false;
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User is not { HasHistory: true } user)
        {
            values.Clear();
            return;
        }

        Compute(user, context, hits, values);
    }

    /// <summary>Fills <paramref name="values"/> for a user with history.</summary>
    protected abstract void Compute(UserProfile user, RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values);

    /// <summary>The personalization options, or a configuration error saying what to add.</summary>
    protected static PersonalizationOptions Require(ConfigNode node, FeatureBuildContext context, string type)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Personalization is { } options)
        {
            return options;
        }

        node.Errors.Add(node.Path + ".type", node.Line, node.Column,
            $"{type} needs user profiles: add a top-level personalization section (see config/sidecar.yaml)");
        return new PersonalizationOptions();
    }
}
