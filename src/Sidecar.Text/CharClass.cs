using System.Globalization;

namespace Sidecar.Text;

/// <summary>Character classes shared by the normaliser and the segmenters.</summary>
internal static class CharClass
{
    /// <summary>CJK ideographs: Extension A, the unified block and the compatibility block.</summary>
    public static bool IsHan(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>Han plus Japanese kana and Korean Hangul syllables/jamo.</summary>
    public static bool IsCjk(char c) =>
        IsHan(c)
        || c is >= '\u3040' and <= '\u30FF' // hiragana, katakana
        || c is >= '\uAC00' and <= '\uD7AF' // hangul syllables
        || c is >= '\u1100' and <= '\u11FF' // hangul jamo
        || c is >= '\u3130' and <= '\u318F'; // hangul compatibility jamo

    /// <summary>A character that belongs inside a word: letters and digits of any script, and combining marks.</summary>
    public static bool IsWordChar(char c)
    {
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }

    /// <summary>
    /// Length (1 or 2 UTF-16 units) of the word character at <paramref name="i"/>, or 0 when it is not one.
    /// Surrogate pairs are judged as one code point (CJK Extension B letters count, emoji do not).
    /// </summary>
    public static int WordCharLength(ReadOnlySpan<char> s, int i)
    {
        var c = s[i];
        if (!char.IsHighSurrogate(c))
        {
            return IsWordChar(c) ? 1 : 0;
        }

        if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            var rune = new System.Text.Rune(c, s[i + 1]);
            return System.Text.Rune.IsLetterOrDigit(rune) ? 2 : 0;
        }

        return 0;
    }

    /// <summary>Joins two word characters inside one token, as Unicode word segmentation does.</summary>
    public static bool IsJoiner(char prev, char joiner, char next) => joiner switch
    {
        '.' or ',' => char.IsDigit(prev) && char.IsDigit(next),              // 2.5, 1,000
        '\'' or '\u2019' => char.IsLetter(prev) && char.IsLetter(next),      // men's
        '_' => IsWordChar(prev) && IsWordChar(next),                          // snake_case
        _ => false,
    };
}
