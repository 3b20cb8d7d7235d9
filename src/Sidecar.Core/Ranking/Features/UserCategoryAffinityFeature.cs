using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// How much the user likes the hit's category, at every level of its path: for a hit in
/// <c>[Electronics, Headphones, Earbuds]</c> the user's normalised affinities to <c>Electronics</c>,
/// <c>Electronics &gt; Headphones</c> and <c>Electronics &gt; Headphones &gt; Earbuds</c> (each in [0, 1], 1 for
/// the user's favourite at that depth) combined by <c>combine</c>: <c>mean</c> (default), <c>max</c> or
/// <c>deepest</c> (the last level only). Hits without the field get <c>missing</c>.
/// YAML: <c>{ name, type: user_category_affinity, field (default personalization.item_fields.category), combine, missing, weight }</c>.
/// </summary>
public sealed class UserCategoryAffinityFeature : UserFeature
{
    public const string TypeName = "user_category_affinity";

    private readonly string _field;
    private readonly string _combine;

    private UserCategoryAffinityFeature(FeatureDeclaration d, string field, string combine)
        : base(d, [field])
    {
        _field = field;
        _combine = combine;
    }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node, FeatureBuildContext context)
    {
        var options = Require(node, context, TypeName);
        var field = node.String("field", options.ItemFields.Category)!;
        var combine = node.Enum("combine", "mean", "mean", "max", "deepest");
        return new UserCategoryAffinityFeature(d, field, combine);
    }

    protected override void Compute(UserProfile user, RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        Span<char> path = stackalloc char[1024];
        for (var i = 0; i < hits.Length; i++)
        {
            values[i] = hits[i].TryGetField(_field, out var e) ? Score(user, e, path) ?? Missing : Missing;
        }
    }

    private double? Score(UserProfile user, JsonElement field, Span<char> path)
    {
        if (field.ValueKind == JsonValueKind.String)
        {
            return user.CategoryAffinity(field.GetString().AsSpan().Trim());
        }

        if (field.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        int length = 0, levels = 0;
        double sum = 0, max = 0, last = 0;
        foreach (var level in field.EnumerateArray())
        {
            if (level.ValueKind != JsonValueKind.String || level.GetString() is not { } text || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var name = text.AsSpan().Trim();
            var separator = levels == 0 ? 0 : ProfileState.CategorySeparator.Length;
            if (length + separator + name.Length > path.Length)
            {
                break;
            }

            if (levels > 0)
            {
                ProfileState.CategorySeparator.AsSpan().CopyTo(path[length..]);
                length += separator;
            }

            name.CopyTo(path[length..]);
            length += name.Length;
            levels++;
            last = user.CategoryAffinity(path[..length]);
            sum += last;
            max = Math.Max(max, last);
        }

        return levels == 0 ? null : _combine switch
        {
            "max" => max,
            "deepest" => last,
            _ => sum / levels,
        };
    }
}
