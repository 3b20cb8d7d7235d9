using System.Buffers;

namespace Sidecar.Embeddings;

/// <summary>
/// A padded [rows x sequenceLength] batch of input_ids / attention_mask / token_type_ids in pooled
/// arrays. Each text is tokenised into a row of <c>maxTokens</c>, then the rows are compacted in
/// place to the longest row, so a batch of short titles is not padded to the maximum.
/// </summary>
internal sealed class TokenBatch : IDisposable
{
    private long[]? _inputIds;
    private long[]? _attentionMask;
    private long[]? _tokenTypeIds;

    private TokenBatch(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int rows, int sequenceLength)
    {
        _inputIds = inputIds;
        _attentionMask = attentionMask;
        _tokenTypeIds = tokenTypeIds;
        Rows = rows;
        SequenceLength = sequenceLength;
    }

    public int Rows { get; }

    public int SequenceLength { get; }

    public int Length => Rows * SequenceLength;

    public Memory<long> InputIds => Live(_inputIds).AsMemory(0, Length);

    public Memory<long> AttentionMask => Live(_attentionMask).AsMemory(0, Length);

    public Memory<long> TokenTypeIds => Live(_tokenTypeIds).AsMemory(0, Length);

    /// <summary>Tokenises <c>texts[order[start..start+count]]</c>, each prefixed with <paramref name="prefix"/>.</summary>
    public static TokenBatch Create(
        WordPieceTokenizer tokenizer,
        IReadOnlyList<string> texts,
        ReadOnlySpan<int> order,
        string prefix,
        int maxTokens)
    {
        var rows = order.Length;
        var pool = ArrayPool<long>.Shared;
        var ids = pool.Rent(rows * maxTokens);
        var mask = pool.Rent(rows * maxTokens);
        Span<int> lengths = rows <= 256 ? stackalloc int[rows] : new int[rows];
        var longest = 2;
        for (var r = 0; r < rows; r++)
        {
            var text = texts[order[r]] ?? throw new ArgumentException($"Text #{order[r]} is null.", nameof(texts));
            var input = prefix.Length == 0 ? text : string.Concat(prefix, text);
            lengths[r] = tokenizer.Encode(input, ids.AsSpan(r * maxTokens, maxTokens), mask.AsSpan(r * maxTokens, maxTokens));
            longest = Math.Max(longest, lengths[r]);
        }

        // Compact rows from stride maxTokens to stride 'longest'. Destinations never pass their
        // sources (longest <= maxTokens), and Span.CopyTo handles the overlap.
        for (var r = 0; r < rows; r++)
        {
            var row = ids.AsSpan(r * longest, longest);
            var rowMask = mask.AsSpan(r * longest, longest);
            ids.AsSpan(r * maxTokens, lengths[r]).CopyTo(row);
            mask.AsSpan(r * maxTokens, lengths[r]).CopyTo(rowMask);
            row[lengths[r]..].Fill(tokenizer.PadId);
            rowMask[lengths[r]..].Clear();
        }

        var types = pool.Rent(rows * longest);
        types.AsSpan(0, rows * longest).Clear();
        return new TokenBatch(ids, mask, types, rows, longest);
    }

    public void Dispose()
    {
        Return(ref _inputIds);
        Return(ref _attentionMask);
        Return(ref _tokenTypeIds);
    }

    private static long[] Live(long[]? array) => array ?? throw new ObjectDisposedException(nameof(TokenBatch));

    private static void Return(ref long[]? array)
    {
        if (array is not null)
        {
            ArrayPool<long>.Shared.Return(array);
            array = null;
        }
    }
}
