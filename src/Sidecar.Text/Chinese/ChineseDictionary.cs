using System.Text;

namespace Sidecar.Text;

/// <summary>
/// jieba's prefix dictionary (dict.txt: <c>word freq tag</c> per line) held as an immutable hash map with
/// span lookups, plus the longest word length per first character to bound the DAG probes.
/// Keys are stored lower-cased (ASCII) so that normalised queries find entries such as "t恤" (T恤).
/// Read-only after construction, hence safe for concurrent readers.
/// </summary>
internal sealed class ChineseDictionary
{
    private readonly Dictionary<string, int> words;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly byte[] maxLengthByFirstChar;

    private ChineseDictionary(Dictionary<string, int> words, double total)
    {
        this.words = words;
        lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        Total = total;
        LogTotal = Math.Log(total);
        maxLengthByFirstChar = new byte[char.MaxValue + 1];
        foreach (var word in words.Keys)
        {
            ref var max = ref maxLengthByFirstChar[word[0]];
            max = (byte)Math.Max(max, Math.Min(word.Length, byte.MaxValue));
        }
    }

    public int Count => words.Count;

    public double Total { get; }

    public double LogTotal { get; }

    /// <summary>Longest dictionary word that starts with <paramref name="first"/> (0 when none).</summary>
    public int MaxLength(char first) => maxLengthByFirstChar[first];

    /// <summary>Frequency of a dictionary word, 0 when <paramref name="word"/> is not one.</summary>
    public int Frequency(ReadOnlySpan<char> word) =>
        word.Length <= maxLengthByFirstChar[word[0]] && lookup.TryGetValue(word, out var freq) ? freq : 0;

    /// <summary>The stored string for a dictionary word (avoids allocating a copy), else null.</summary>
    public string? Stored(ReadOnlySpan<char> word) =>
        word.Length <= maxLengthByFirstChar[word[0]] && lookup.TryGetValue(word, out var key, out _) ? key : null;

    /// <summary>Parses jieba's dict.txt.</summary>
    public static ChineseDictionary Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var words = new Dictionary<string, int>(capacity: 360_000, StringComparer.Ordinal);
        double total = 0;
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? default : span[(end + 1)..];
            var space = line.IndexOf((byte)' ');
            if (space <= 0)
            {
                continue;
            }

            var rest = line[(space + 1)..];
            var freqEnd = rest.IndexOfAny((byte)' ', (byte)'\r');
            if (!int.TryParse(freqEnd < 0 ? rest : rest[..freqEnd], out var freq) || freq <= 0)
            {
                continue;
            }

            var word = LowerAscii(Encoding.UTF8.GetString(line[..space]));
            total += freq;
            words[word] = words.TryGetValue(word, out var existing) ? Math.Max(existing, freq) : freq;
        }

        if (words.Count < 1000)
        {
            throw new InvalidDataException($"jieba dictionary '{path}' holds {words.Count} words: truncated or wrong file.");
        }

        return new ChineseDictionary(words, total);
    }

    /// <summary>A copy with <paramref name="extraWords"/> (normalised word, frequency) added or overriding.</summary>
    public ChineseDictionary WithWords(IEnumerable<KeyValuePair<string, int>> extraWords)
    {
        var copy = new Dictionary<string, int>(words, StringComparer.Ordinal);
        var total = Total;
        foreach (var (word, freq) in extraWords)
        {
            if (word.Length == 0 || freq <= 0)
            {
                continue;
            }

            total += freq - (copy.TryGetValue(word, out var old) ? old : 0);
            copy[word] = freq;
        }

        return new ChineseDictionary(copy, total);
    }

    private static string LowerAscii(string word)
    {
        if (!word.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return word;
        }

        return string.Create(word.Length, word, static (dest, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                dest[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] | 0x20) : src[i];
            }
        });
    }
}
