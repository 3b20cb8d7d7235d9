using System.Collections.Frozen;

namespace Sidecar.Text;

/// <summary>
/// A stop-word set (built-in English and Chinese lists, extendable from configuration). Removing stop
/// words never empties a query: when every term is one ("the who", "的"), the original terms are kept.
/// Immutable and thread-safe.
/// </summary>
public sealed class StopWords
{
    private readonly FrozenSet<string> words;

    private StopWords(FrozenSet<string> words) => this.words = words;

    /// <summary>The built-in English and Chinese lists.</summary>
    public static StopWords Default { get; } = Create();

    /// <summary>No stop words at all.</summary>
    public static StopWords None { get; } = new(FrozenSet<string>.Empty);

    /// <summary>Number of stop words.</summary>
    public int Count => words.Count;

    /// <summary>
    /// Builds a set: the built-in lists (unless <paramref name="includeBuiltIn"/> is false) plus
    /// <paramref name="add"/>, minus <paramref name="remove"/>. Words are normalised like queries.
    /// </summary>
    public static StopWords Create(IEnumerable<string>? add = null, IEnumerable<string>? remove = null, bool includeBuiltIn = true)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (includeBuiltIn)
        {
            set.UnionWith(StopWordLists.English);
            set.UnionWith(StopWordLists.Chinese);
        }

        foreach (var word in add ?? [])
        {
            if (TextNormalizer.Normalize(word) is { Length: > 0 } normal)
            {
                set.Add(normal);
            }
        }

        foreach (var word in remove ?? [])
        {
            set.Remove(TextNormalizer.Normalize(word));
        }

        return new StopWords(set.ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>True when <paramref name="term"/> (normalised) is a stop word.</summary>
    public bool Contains(string term) => words.Contains(term);

    /// <summary>
    /// <paramref name="terms"/> without stop words, in order; the original list when all are stop words
    /// (or none is).
    /// </summary>
    public IReadOnlyList<string> Remove(IReadOnlyList<string> terms)
    {
        List<string>? kept = null;
        for (var i = 0; i < terms.Count; i++)
        {
            if (!words.Contains(terms[i]))
            {
                kept?.Add(terms[i]);
                continue;
            }

            if (kept is null)
            {
                kept = new List<string>(terms.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(terms[j]);
                }
            }
        }

        return kept is null || kept.Count == 0 ? terms : kept;
    }
}
