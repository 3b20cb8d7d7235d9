using System.Buffers;
using System.Diagnostics;

namespace Sidecar.Text;

/// <summary>
/// Chinese word segmentation with jieba's algorithm over jieba's data files (dict.txt, prob_trans.json,
/// prob_emit.json from the jieba.NET 0.42.2 package), implemented here so that it is native-AOT and trim
/// safe: a DAG of every dictionary word in the text, the maximum-probability route through it (log word
/// frequencies), and the HMM (Viterbi over B/M/E/S tags) for runs of single characters that form no
/// dictionary word. Immutable after <see cref="Load"/>, so one instance serves concurrent requests.
/// Input is expected normalised (<see cref="TextNormalizer"/>): lower case, NFKC.
/// </summary>
public sealed partial class ChineseSegmenter
{
    private const int StackLimit = 128;

    private readonly ChineseDictionary dictionary;
    private readonly HmmModel hmm;

    private ChineseSegmenter(ChineseDictionary dictionary, HmmModel hmm, TimeSpan loadTime)
    {
        this.dictionary = dictionary;
        this.hmm = hmm;
        LoadTime = loadTime;
    }

    /// <summary>Number of dictionary words.</summary>
    public int WordCount => dictionary.Count;

    /// <summary>How long loading the data files took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>
    /// Loads dict.txt, prob_trans.json and prob_emit.json from <paramref name="directory"/>.
    /// <paramref name="userWords"/> (brand or product names...) are added with a frequency high enough to
    /// keep them whole, as jieba's suggest_freq does.
    /// </summary>
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    /// <exception cref="InvalidDataException">A file is truncated or not jieba's format.</exception>
    public static ChineseSegmenter Load(string directory, IEnumerable<string>? userWords = null)
    {
        var watch = Stopwatch.StartNew();
        var dictionary = ChineseDictionary.Load(Path.Combine(directory, "dict.txt"));
        var hmm = HmmModel.Load(Path.Combine(directory, "prob_trans.json"), Path.Combine(directory, "prob_emit.json"));
        if (userWords is not null)
        {
            var baseSegmenter = new ChineseSegmenter(dictionary, hmm, TimeSpan.Zero);
            var extra = new List<KeyValuePair<string, int>>();
            foreach (var raw in userWords)
            {
                var word = TextNormalizer.Normalize(raw);
                if (word.Length > 0 && !word.Contains(' ', StringComparison.Ordinal))
                {
                    extra.Add(new(word, baseSegmenter.SuggestFrequency(word)));
                }
            }

            dictionary = dictionary.WithWords(extra);
        }

        return new ChineseSegmenter(dictionary, hmm, watch.Elapsed);
    }

    /// <summary>True when <paramref name="word"/> (normalised) is a dictionary word.</summary>
    public bool IsWord(string word) => word.Length > 0 && dictionary.Frequency(word) > 0;

    /// <summary>Segments normalised text; whitespace and punctuation are dropped.</summary>
    public IReadOnlyList<string> Cut(string text) => CutText(text, subWords: false);

    /// <summary>Like <see cref="Cut"/>, with the sub-words of long words after each of them (智能手机 智能 手机).</summary>
    public IReadOnlyList<string> CutForSearch(string text) => CutText(text, subWords: true);

    private List<string> CutText(string text, bool subWords)
    {
        var terms = new List<QueryTerm>();
        foreach (var (start, length) in new WordTokenizer(text))
        {
            CutToken(text.AsSpan(start, length), terms, subWords);
        }

        return terms.ConvertAll(t => t.Text);
    }

    /// <summary>Segments one token (no whitespace) and appends its words, and optionally their sub-words.</summary>
    internal void CutToken(ReadOnlySpan<char> token, List<QueryTerm> terms, bool subWords)
    {
        var n = token.Length;
        int[]? rentedEnds = null;
        double[]? rentedScores = null;
        var bestEnd = n <= StackLimit ? stackalloc int[n] : (rentedEnds = ArrayPool<int>.Shared.Rent(n));
        var scores = n < StackLimit ? stackalloc double[n + 1] : (rentedScores = ArrayPool<double>.Shared.Rent(n + 1));
        try
        {
            ComputeRoute(token, bestEnd, scores, excludeWhole: false);
            var bufferStart = -1;
            var x = 0;
            while (x < n)
            {
                var y = bestEnd[x] + 1;
                if (y - x == 1)
                {
                    bufferStart = bufferStart < 0 ? x : bufferStart;
                }
                else
                {
                    if (bufferStart >= 0)
                    {
                        FlushBuffer(token[bufferStart..x], terms, subWords);
                        bufferStart = -1;
                    }

                    AddWord(token[x..y], terms, subWords);
                }

                x = y;
            }

            if (bufferStart >= 0)
            {
                FlushBuffer(token[bufferStart..], terms, subWords);
            }
        }
        finally
        {
            if (rentedEnds is not null)
            {
                ArrayPool<int>.Shared.Return(rentedEnds);
            }

            if (rentedScores is not null)
            {
                ArrayPool<double>.Shared.Return(rentedScores);
            }
        }
    }

    /// <summary>Single characters collected between words: one char as is, a dictionary word char by char, else the HMM.</summary>
    private void FlushBuffer(ReadOnlySpan<char> buffer, List<QueryTerm> terms, bool subWords)
    {
        if (buffer.Length == 1)
        {
            AddWord(buffer, terms, subWords: false);
            return;
        }

        if (dictionary.Frequency(buffer) > 0)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                AddWord(buffer.Slice(i, 1), terms, subWords: false);
            }

            return;
        }

        CutUnknown(buffer, terms, subWords);
    }

    /// <summary>jieba's finalseg: Han runs through the HMM, other runs (letters, digits) kept whole.</summary>
    private void CutUnknown(ReadOnlySpan<char> buffer, List<QueryTerm> terms, bool subWords)
    {
        List<(int Start, int Length)>? pieces = null;
        var start = 0;
        while (start < buffer.Length)
        {
            var han = CharClass.IsHan(buffer[start]);
            var end = start + 1;
            while (end < buffer.Length && CharClass.IsHan(buffer[end]) == han)
            {
                end++;
            }

            var run = buffer[start..end];
            if (han && run.Length > 1)
            {
                pieces ??= new List<(int, int)>(run.Length);
                pieces.Clear();
                hmm.Cut(run, pieces);
                foreach (var (offset, length) in pieces)
                {
                    AddWord(run.Slice(offset, length), terms, subWords);
                }
            }
            else
            {
                AddWord(run, terms, subWords: false);
            }

            start = end;
        }
    }

    private void AddWord(ReadOnlySpan<char> word, List<QueryTerm> terms, bool subWords)
    {
        var kind = CharClass.IsHan(word[0]) || (word.Length > 1 && CharClass.IsHan(word[^1])) ? TermKind.Cjk : TermKind.Word;
        terms.Add(new QueryTerm(dictionary.Stored(word) ?? word.ToString(), kind));
        if (subWords && word.Length > 2 && kind == TermKind.Cjk)
        {
            AddSubWords(word, terms);
        }
    }
}
