namespace Sidecar.Configuration;

/// <summary>
/// An index name pattern from the YAML (<c>products</c>, <c>products-*</c>, <c>*</c>), matched against the
/// target expression of a search request with Elasticsearch's simple wildcard rules (<c>*</c> only).
/// </summary>
public sealed class IndexPattern
{
    private readonly string _pattern;

    public IndexPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        _pattern = pattern;
    }

    public override string ToString() => _pattern;

    /// <summary>True when <paramref name="name"/> (a concrete index, alias or a client-side wildcard expression) matches.</summary>
    public bool Matches(ReadOnlySpan<char> name) => SimpleMatch(_pattern, name);

    /// <summary>Elasticsearch's Regex.simpleMatch: '*' matches any run of characters, everything else literally.</summary>
    internal static bool SimpleMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
