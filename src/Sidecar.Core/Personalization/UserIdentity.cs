namespace Sidecar.Personalization;

/// <summary>
/// What a user id (header <c>X-User-Id</c>, events' <c>user_id</c>) and an event id may look like:
/// 1-128 characters of <c>A-Z a-z 0-9 _ . : @ -</c>. Anything else is anonymous on the search path and
/// a rejected event on the events API.
/// </summary>
public static class UserIdentity
{
    public const int MaxLength = 128;

    public const string Rule = "1-128 characters of A-Z a-z 0-9 _ . : @ -";

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An event type: 1-64 characters of <c>a-z 0-9 _</c>, starting with a letter.</summary>
    public static bool IsValidEventType(ReadOnlySpan<char> type)
    {
        if (type.IsEmpty || type.Length > 64 || !char.IsAsciiLetterLower(type[0]))
        {
            return false;
        }

        foreach (var c in type)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A concrete Elasticsearch index name (no wildcard, list, or leading <c>_ - +</c>).</summary>
    public static bool IsValidIndexName(ReadOnlySpan<char> index)
    {
        if (index.IsEmpty || index.Length > 255 || index is "." or ".." || index[0] is '_' or '-' or '+')
        {
            return false;
        }

        foreach (var c in index)
        {
            if (char.IsAsciiLetterUpper(c) || char.IsWhiteSpace(c) || c is '\\' or '/' or '*' or '?' or '"' or '<' or '>' or '|' or ',' or '#' or ':')
            {
                return false;
            }
        }

        return true;
    }
}
