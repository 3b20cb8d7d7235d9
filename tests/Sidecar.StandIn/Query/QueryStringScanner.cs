using System.Globalization;
using System.Text;

namespace Sidecar.StandIn.Query;

/// <summary>Character-level reading for <see cref="QueryStringParser"/> (terms, quoted phrases, keywords).</summary>
public sealed class QueryStringScanner
{
    private const string Special = "()\":^[]{}";
    private readonly string _s;
    private int _pos;

    public QueryStringScanner(string text) => _s = text;

    public bool End => _pos >= _s.Length;

    public char Peek => _s[_pos];

    public int Position => _pos;

    public bool At(char c) => !End && Peek == c;

    /// <summary>Returns the current character and moves past it.</summary>
    public char Next() => _s[_pos++];

    public string ReadQuoted()
    {
        _pos++;
        var sb = new StringBuilder();
        while (!End && Peek != '"')
        {
            if (Peek == '\\' && _pos + 1 < _s.Length)
            {
                _pos++;
            }

            sb.Append(_s[_pos++]);
        }

        Expect('"');
        if (At('~'))
        {
            _pos++;
            while (!End && char.IsDigit(Peek))
            {
                _pos++;
            }
        }

        return sb.ToString();
    }

    public string ReadWord()
    {
        var sb = new StringBuilder();
        while (!End && !char.IsWhiteSpace(Peek) && Special.IndexOf(Peek, StringComparison.Ordinal) < 0)
        {
            if (Peek == '\\' && _pos + 1 < _s.Length)
            {
                _pos++;
            }

            sb.Append(_s[_pos++]);
        }

        return sb.Length > 0 ? sb.ToString() : throw new FormatException($"expected a term at position {_pos}");
    }

    public float ReadNumber()
    {
        var start = _pos;
        while (!End && (char.IsDigit(Peek) || Peek == '.'))
        {
            _pos++;
        }

        return float.TryParse(_s.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"expected a number at position {start}");
    }

    /// <summary>Consumes an upper-case keyword (AND, OR, NOT, TO) followed by whitespace or '('.</summary>
    public bool TryKeyword(string keyword)
    {
        var end = _pos + keyword.Length;
        if (end > _s.Length || string.CompareOrdinal(_s, _pos, keyword, 0, keyword.Length) != 0)
        {
            return false;
        }

        if (end < _s.Length && !char.IsWhiteSpace(_s[end]) && _s[end] != '(')
        {
            return false;
        }

        _pos = end;
        return true;
    }

    public bool TryOperator(string op)
    {
        if (string.CompareOrdinal(_s, _pos, op, 0, op.Length) != 0)
        {
            return false;
        }

        _pos += op.Length;
        return true;
    }

    public void Expect(char c)
    {
        if (!At(c))
        {
            throw new FormatException($"expected '{c}' at position {_pos}");
        }

        _pos++;
    }

    public void SkipWhitespace()
    {
        while (!End && char.IsWhiteSpace(Peek))
        {
            _pos++;
        }
    }
}
