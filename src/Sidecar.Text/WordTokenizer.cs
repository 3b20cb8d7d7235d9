namespace Sidecar.Text;

/// <summary>
/// Standard-analyzer-like word splitting (a pragmatic subset of Unicode word segmentation, UAX #29):
/// a token is a run of letters/digits (any script, combining marks included); '.' and ',' join digits
/// ("2.5", "1,000") and apostrophes join letters ("men's"); everything else separates, hyphens included
/// ("usb-c" gives "usb" and "c", as Elasticsearch's standard analyzer indexes it). Han characters stay
/// inside tokens here: the caller hands tokens that contain them to the Chinese segmenter.
/// </summary>
internal ref struct WordTokenizer
{
    private readonly ReadOnlySpan<char> text;
    private int position;

    public WordTokenizer(ReadOnlySpan<char> text)
    {
        this.text = text;
        position = 0;
        Current = default;
    }

    /// <summary>Start and length of the current token.</summary>
    public (int Start, int Length) Current { get; private set; }

    public readonly WordTokenizer GetEnumerator() => this;

    public bool MoveNext()
    {
        var length = text.Length;
        var pos = position;
        while (pos < length && CharClass.WordCharLength(text, pos) == 0)
        {
            pos++;
        }

        if (pos >= length)
        {
            position = pos;
            return false;
        }

        var start = pos;
        while (pos < length)
        {
            var step = CharClass.WordCharLength(text, pos);
            if (step > 0)
            {
                pos += step;
            }
            else if (pos + 1 < length && CharClass.IsJoiner(text[pos - 1], text[pos], text[pos + 1]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }

        position = pos;
        Current = (start, pos - start);
        return true;
    }
}
