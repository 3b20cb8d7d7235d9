using System.Text;

namespace Sidecar.Text;

/// <summary>
/// Best-effort removal of Lucene / Elasticsearch query syntax from a query_string or simple_query_string
/// query, keeping the words a person typed: field prefixes (<c>title:</c>, <c>brand.keyword:</c>),
/// operators (AND OR TO, &amp;&amp; || + |), prohibited terms (NOT x, -x, !x), quotes, parentheses, brackets, boosts and fuzziness
/// (<c>^2</c>, <c>~1</c>), ranges, wildcards (* ?), regex slashes and escapes; <c>_exists_:field</c> is dropped whole.
/// </summary>
internal static class QueryStringText
{
    public static string Strip(string query)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var skipNextWord = false;
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (c == '\\' && i + 1 < query.Length)
            {
                word.Append(query[i + 1]);
                i += 2;
                continue;
            }

            if (c is '^' or '~')
            {
                EndWord(words, word, ref skipNextWord);
                i++;
                while (i < query.Length && (char.IsAsciiDigit(query[i]) || query[i] == '.'))
                {
                    i++; // boost or fuzziness value
                }

                continue;
            }

            if (c == ':')
            {
                // The word before is a field name: drop it (and the field's value after _exists_).
                skipNextWord |= word.ToString() is "_exists_";
                word.Clear();
                i++;
                continue;
            }

            if (c is '+' or '-' or '!' && word.Length == 0)
            {
                skipNextWord |= c != '+'; // a prohibited term is not what the user looks for
                i++;
                continue;
            }

            if (c is '*' or '?' or '/')
            {
                i++; // wildcards and regex delimiters: keep the rest of the word
                continue;
            }

            if (c is '[' or '{' && word.Length == 0)
            {
                // A range ([10 TO 20], {a TO b]): bounds, not words the user looks for.
                var close = query.IndexOfAny([']', '}'], i + 1);
                i = close < 0 ? query.Length : close + 1;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '(' or ')' or '[' or ']' or '{' or '}' or '"' or '!' or '|' or '&')
            {
                EndWord(words, word, ref skipNextWord);
                i++;
                continue;
            }

            word.Append(c);
            i++;
        }

        EndWord(words, word, ref skipNextWord);
        return string.Join(' ', words);
    }

    private static void EndWord(List<string> words, StringBuilder word, ref bool skipNextWord)
    {
        if (word.Length == 0)
        {
            return;
        }

        var text = word.ToString();
        word.Clear();
        if (skipNextWord)
        {
            skipNextWord = false;
            return;
        }

        if (text is "AND" or "OR" or "TO")
        {
            return;
        }

        if (text is "NOT")
        {
            skipNextWord = true;
            return;
        }

        words.Add(text);
    }
}
