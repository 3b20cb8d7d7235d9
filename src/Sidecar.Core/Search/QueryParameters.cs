using System.Net;

namespace Sidecar.Search;

/// <summary>
/// The URL query of a request, parsed once, keeping each raw segment so that the parameters the
/// sidecar does not own are forwarded byte for byte.
/// </summary>
public sealed class QueryParameters
{
    private readonly List<(string Name, string Value, string Raw)> _items = [];

    public QueryParameters(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return;
        }

        var q = rawQuery[0] == '?' ? rawQuery.AsSpan(1) : rawQuery.AsSpan();
        foreach (var range in q.Split('&'))
        {
            var raw = q[range];
            if (raw.IsEmpty)
            {
                continue;
            }

            var eq = raw.IndexOf('=');
            var name = eq < 0 ? raw : raw[..eq];
            var value = eq < 0 ? [] : raw[(eq + 1)..];
            _items.Add((Decode(name), Decode(value), raw.ToString()));
        }
    }

    public int Count => _items.Count;

    /// <summary>The last value of a parameter (Elasticsearch uses the last), or null when absent.</summary>
    public string? Get(string name)
    {
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            if (_items[i].Name == name)
            {
                return _items[i].Value;
            }
        }

        return null;
    }

    public bool Has(string name) => Get(name) is not null;

    /// <summary>The query string without the named parameters, starting with '?' (or empty).</summary>
    public string Without(params ReadOnlySpan<string> names)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (name, _, raw) in _items)
        {
            if (names.Contains(name))
            {
                continue;
            }

            sb.Append(sb.Length == 0 ? '?' : '&').Append(raw);
        }

        return sb.ToString();
    }

    private static string Decode(ReadOnlySpan<char> s) => s.IsEmpty ? string.Empty : WebUtility.UrlDecode(s.ToString());
}
