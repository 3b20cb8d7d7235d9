namespace Sidecar.Text;

/// <summary>The dictionary route (jieba's DAG + dynamic programming) and what builds on it.</summary>
public sealed partial class ChineseSegmenter
{
    /// <summary>
    /// Maximum-probability route: scores[i] is the best log probability of text[i..], bestEnd[i] the last
    /// index of the word that starts the best route at i. Ties go to the shorter word, as in jieba.NET.
    /// </summary>
    private void ComputeRoute(ReadOnlySpan<char> text, Span<int> bestEnd, Span<double> scores, bool excludeWhole)
    {
        var n = text.Length;
        var logTotal = dictionary.LogTotal;
        scores[n] = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            var best = double.MinValue;
            var end = i;
            var found = false;
            var maxLength = Math.Min(dictionary.MaxLength(text[i]), n - i);
            for (var length = 1; length <= maxLength; length++)
            {
                if (excludeWhole && i == 0 && length == n)
                {
                    continue;
                }

                var freq = dictionary.Frequency(text.Slice(i, length));
                if (freq <= 0)
                {
                    continue;
                }

                found = true;
                var candidate = Math.Log(freq) - logTotal + scores[i + length];
                if (best < candidate)
                {
                    best = candidate;
                    end = i + length - 1;
                }
            }

            if (!found)
            {
                best = -logTotal + scores[i + 1]; // unknown single character: frequency 1
                end = i;
            }

            scores[i] = best;
            bestEnd[i] = end;
        }
    }

    /// <summary>
    /// The best route through <paramref name="word"/> when the whole word is not allowed: its dictionary
    /// parts of two or more characters (智能手机: 智能, 手机). A tiling, unlike CutForSearch's every-n-gram.
    /// </summary>
    private void AddSubWords(ReadOnlySpan<char> word, List<QueryTerm> terms)
    {
        var n = word.Length;
        Span<int> bestEnd = n <= StackLimit ? stackalloc int[n] : new int[n];
        Span<double> scores = n < StackLimit ? stackalloc double[n + 1] : new double[n + 1];
        ComputeRoute(word, bestEnd, scores, excludeWhole: true);
        for (var x = 0; x < n;)
        {
            var y = bestEnd[x] + 1;
            if (y - x >= 2 && y - x < n && dictionary.Stored(word[x..y]) is { } part)
            {
                terms.Add(new QueryTerm(part, TermKind.CjkSubWord));
            }

            x = y;
        }
    }

    /// <summary>A frequency that makes <paramref name="word"/> beat the route through its parts (jieba's suggest_freq).</summary>
    private int SuggestFrequency(string word)
    {
        var parts = new List<QueryTerm>();
        CutToken(word, parts, subWords: false);
        var probability = 1.0;
        foreach (var part in parts)
        {
            var freq = dictionary.Frequency(part.Text);
            probability *= Math.Max(freq, 1) / dictionary.Total;
        }

        var suggested = (long)(probability * dictionary.Total) + 1;
        return (int)Math.Clamp(Math.Max(suggested, dictionary.Frequency(word)), 1, int.MaxValue);
    }
}
