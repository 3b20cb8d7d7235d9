namespace Sidecar.Text;

/// <summary>What kind of segment a <see cref="QueryTerm"/> is.</summary>
public enum TermKind
{
    /// <summary>A word from the standard rule (Latin, digits, other scripts).</summary>
    Word = 0,

    /// <summary>A word found by the Chinese segmenter in a run that contains Han characters.</summary>
    Cjk = 1,

    /// <summary>
    /// An extra, finer word inside a longer Chinese word (智能 and 手机 inside 智能手机), emitted after it,
    /// like jieba's CutForSearch. Not part of the query's main term sequence.
    /// </summary>
    CjkSubWord = 2,
}
