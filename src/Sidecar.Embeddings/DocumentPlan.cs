namespace Sidecar.Embeddings;

/// <summary>
/// Batching plan for <see cref="OnnxTextEmbedder.EmbedDocuments"/>: texts are visited shortest
/// first (by character count) so each padded batch holds texts of similar length, and each result is
/// written back to its original index.
/// </summary>
internal sealed class DocumentPlan
{
    private readonly IReadOnlyList<string> _texts;
    private readonly int[] _order;
    private readonly int _batchSize;

    private DocumentPlan(IReadOnlyList<string> texts, int[] order, int batchSize)
    {
        _texts = texts;
        _order = order;
        _batchSize = batchSize;
        Results = new float[texts.Count][];
    }

    public float[][] Results { get; }

    public static DocumentPlan Create(IReadOnlyList<string> texts, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var lengths = new int[texts.Count];
        var order = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            lengths[i] = texts[i]?.Length ?? throw new ArgumentException($"Text #{i} is null.", nameof(texts));
            order[i] = i;
        }

        Array.Sort(lengths, order);
        return new DocumentPlan(texts, order, batchSize);
    }

    /// <summary>Embeds the batch that starts at position <paramref name="start"/> of the plan.</summary>
    public void Run(OnnxTextEmbedder embedder, int start)
    {
        var rows = _order.AsSpan(start, Math.Min(_batchSize, _order.Length - start));
        var options = embedder.Options;
        embedder.EmbedRows(_texts, rows, options.DocumentPrefix, options.MaxDocumentTokens, options.Pooling, Results);
    }
}
