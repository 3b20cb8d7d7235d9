namespace Sidecar.Text;

/// <summary>The outcome of <see cref="QueryExpansionRewriter.Rewrite(ReadOnlyMemory{byte}, IReadOnlyList{PredictedKeyword})"/>.</summary>
/// <param name="Body">The new body, or the original one when <paramref name="Mode"/> is <see cref="ExpansionMode.None"/>.</param>
/// <param name="Mode">What was done.</param>
public readonly record struct ExpansionResult(ReadOnlyMemory<byte> Body, ExpansionMode Mode)
{
    /// <summary>True when the body was rewritten.</summary>
    public bool Applied => Mode != ExpansionMode.None;
}
