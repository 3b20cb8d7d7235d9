using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sidecar.Text;

/// <summary>
/// Query text normalisation: Unicode NFKC (full-width forms to ASCII, compatibility ideographs to unified ones),
/// invariant lower case, whitespace runs collapsed to one space and trimmed, control and format characters
/// (zero-width space, BOM, soft hyphen...) removed. Already-normal ASCII input is returned as the same
/// instance without allocating.
/// </summary>
public static class TextNormalizer
{
    // Printable ASCII except upper-case letters: the characters that may stay as they are.
    private static readonly SearchValues<char> NormalAscii = SearchValues.Create(
        " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private const int StackLimit = 256;

    /// <summary>Normalises <paramref name="text"/>; null gives the empty string.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsNormalAscii(text))
        {
            return text;
        }

        var source = text;
        if (!Ascii.IsValid(source))
        {
            source = ToNfkc(source);
        }

        var capacity = source.Length * 2;
        char[]? rented = null;
        var buffer = capacity <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(capacity));
        try
        {
            var length = Fold(source, buffer);
            var result = buffer[..length];
            return result.SequenceEqual(text) ? text : new string(result);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True when <paramref name="text"/> is already what <see cref="Normalize"/> would return.</summary>
    public static bool IsNormalAscii(ReadOnlySpan<char> text) =>
        text.Length > 0
        && text.IndexOfAnyExcept(NormalAscii) < 0
        && text[0] != ' '
        && text[^1] != ' '
        && !text.Contains("  ", StringComparison.Ordinal);

    private static string ToNfkc(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates make Normalize throw: drop them and retry.
            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }
                else if (!char.IsSurrogate(c))
                {
                    builder.Append(c);
                }
            }

            return builder.ToString().Normalize(NormalizationForm.FormKC);
        }
    }

    /// <summary>Lower-cases, collapses whitespace and drops control/format characters into <paramref name="output"/>.</summary>
    private static int Fold(ReadOnlySpan<char> source, Span<char> output)
    {
        var length = 0;
        var pendingSpace = false;
        var index = 0;
        while (index < source.Length)
        {
            if (Rune.DecodeFromUtf16(source[index..], out var rune, out var consumed) != OperationStatus.Done)
            {
                index += consumed;
                continue; // invalid UTF-16: drop
            }

            index += consumed;
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = length > 0;
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                continue;
            }

            if (pendingSpace)
            {
                output[length++] = ' ';
                pendingSpace = false;
            }

            length += Rune.ToLowerInvariant(rune).EncodeToUtf16(output[length..]);
        }

        return length;
    }
}
