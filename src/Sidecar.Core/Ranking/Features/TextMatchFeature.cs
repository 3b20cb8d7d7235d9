using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Share of the query's terms (after normalisation, segmentation and stop words) found in the hit's
/// text fields, in [0, 1]. A term is found when a field contains it at the start of a word (so "headphone"
/// finds "headphones"; a plural query term also tries its singular); Chinese terms match anywhere.
/// Case-insensitive, no allocation per hit. A search without query text gets <c>missing</c>.
/// YAML: <c>{ name, type: text_match, fields: [title, brand, category], missing, weight }</c>.
/// </summary>
public sealed class TextMatchFeature : IFeature
{
    public const string TypeName = "text_match";

    private readonly string[] _fields;
    private readonly double _missing;

    public TextMatchFeature(string name, double weight, IReadOnlyList<string> fields, double missing)
    {
        Name = name;
        Weight = weight;
        _fields = [.. fields];
        _missing = missing;
    }

    public string Name { get; }

    public string Type => TypeName;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields => _fields;

    public static IFeature Create(FeatureDeclaration d, ConfigNode node)
    {
        var fields = node.StringList("fields");
        if (fields.Count == 0)
        {
            fields = ["title", "brand", "category"];
        }

        return new TextMatchFeature(d.Name, d.Weight, fields, d.Missing);
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        var terms = context.Query.Terms;
        if (terms.Count == 0)
        {
            values.Fill(_missing);
            return;
        }

        // Each field's text is read once per hit (not once per term), into a reused list.
        var texts = new List<string>(_fields.Length * 2);
        for (var i = 0; i < hits.Length; i++)
        {
            texts.Clear();
            CollectTexts(hits[i], texts);
            var found = 0;
            foreach (var term in terms)
            {
                foreach (var text in texts)
                {
                    if (Contains(text, term))
                    {
                        found++;
                        break;
                    }
                }
            }

            values[i] = (double)found / terms.Count;
        }
    }

    private void CollectTexts(in SearchHit hit, List<string> texts)
    {
        foreach (var field in _fields)
        {
            if (!hit.TryGetField(field, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                texts.Add(value.GetString()!);
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        texts.Add(item.GetString()!);
                    }
                }
            }
        }
    }

    internal static bool Contains(ReadOnlySpan<char> text, ReadOnlySpan<char> term)
    {
        if (ContainsAtWordStart(text, term))
        {
            return true;
        }

        return term.Length > 3 && term[^1] == 's' && ContainsAtWordStart(text, term[..^1]);
    }

    private static bool ContainsAtWordStart(ReadOnlySpan<char> text, ReadOnlySpan<char> term)
    {
        var cjk = term.Length > 0 && term[0] >= '\u2E80';
        var offset = 0;
        while (offset <= text.Length - term.Length)
        {
            var at = text[offset..].IndexOf(term, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            var start = offset + at;
            if (cjk || start == 0 || !char.IsLetterOrDigit(text[start - 1]))
            {
                return true;
            }

            offset = start + 1;
        }

        return false;
    }
}
