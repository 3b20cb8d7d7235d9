namespace Sidecar.Text;

/// <summary>One segment of a normalised query.</summary>
/// <param name="Text">The term, normalised (lower case, NFKC).</param>
/// <param name="Kind">How it was found.</param>
public readonly record struct QueryTerm(string Text, TermKind Kind)
{
    /// <summary>True for the extra sub-words of a long Chinese word.</summary>
    public bool IsSubWord => Kind == TermKind.CjkSubWord;

    /// <inheritdoc/>
    public override string ToString() => IsSubWord ? $"{Text}(sub)" : Text;
}
