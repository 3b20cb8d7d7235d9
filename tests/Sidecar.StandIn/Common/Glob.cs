namespace Sidecar.StandIn.Common;

/// <summary>Simple <c>*</c> wildcard matching (used for index patterns, field patterns and _source filters).</summary>
public static class Glob
{
    public static bool HasWildcard(string pattern) => pattern.Contains('*', StringComparison.Ordinal);

    public static bool IsMatch(string pattern, string text) => IsMatch(pattern.AsSpan(), text.AsSpan());

    private static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(text);
        }

        if (!text.StartsWith(pattern[..star]))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        text = text[star..];
        if (rest.IsEmpty)
        {
            return true;
        }

        for (var i = 0; i <= text.Length; i++)
        {
            if (IsMatch(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
