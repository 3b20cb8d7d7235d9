using System.Buffers;
using System.Text.Json;
using Sidecar.Embeddings;

namespace Sidecar.Enrichment;

/// <summary>
/// The vectors to splice into one request body: planned document by document (offsets into the body and
/// the text to embed, identical texts embedded once), embedded in one batched call, then written as the
/// body with each vector inserted and every other byte copied as sent.
/// </summary>
internal sealed class EmbeddingEdits
{
    private readonly List<Edit> _edits = [];
    private readonly List<string> _texts = [];
    private readonly Dictionary<string, int> _textIndex = new(StringComparer.Ordinal);
    private float[][] _vectors = [];

    public int Count => _edits.Count;

    /// <summary>Distinct texts to embed.</summary>
    public int TextCount => _texts.Count;

    /// <summary>
    /// Plans the vector of a whole document (index/create source, update <c>upsert</c>): <paramref name="json"/>
    /// is exactly its object's bytes (surrounding whitespace allowed), found at <paramref name="offset"/> in the body;
    /// <paramref name="document"/> is the same object parsed. False when it gets none (no text, vector present).
    /// </summary>
    public bool PlanDocument(ReadOnlySpan<byte> json, int offset, JsonElement document, ItemEmbeddingOptions options) =>
        Plan(json, offset, document, options, partial: false);

    /// <summary>As <see cref="PlanDocument"/> for an update's partial <c>doc</c>: only when it sets one of the text fields.</summary>
    public bool PlanPartial(ReadOnlySpan<byte> json, int offset, JsonElement doc, ItemEmbeddingOptions options) =>
        Plan(json, offset, doc, options, partial: true);

    /// <summary>Embeds every planned text in one call (nothing to do when nothing was planned).</summary>
    public async Task EmbedAsync(ITextEmbedder embedder, int batchSize, CancellationToken ct)
    {
        if (_texts.Count == 0)
        {
            return;
        }

        var vectors = await embedder.EmbedDocumentsAsync(_texts, batchSize, ct).ConfigureAwait(false);
        if (vectors.Length != _texts.Count)
        {
            throw new InvalidOperationException($"Embedder '{embedder.Name}' returned {vectors.Length} vectors for {_texts.Count} texts.");
        }

        foreach (var v in vectors)
        {
            if (v is null || !VectorText.IsWritable(v))
            {
                throw new InvalidOperationException($"Embedder '{embedder.Name}' returned an empty or non-finite vector.");
            }
        }

        _vectors = vectors;
    }

    /// <summary>Writes <paramref name="body"/> with the vectors spliced in. Call after <see cref="EmbedAsync"/>.</summary>
    public void WriteTo(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var cursor = 0;
        foreach (var edit in _edits) // planned front to back, never overlapping
        {
            output.Write(body[cursor..edit.Start]);
            if (edit.Name is { } name)
            {
                output.Write(edit.Comma ? ","u8 : ""u8);
                output.Write("\""u8);
                output.Write(name.EncodedUtf8Bytes);
                output.Write("\":"u8);
            }

            VectorText.Write(output, _vectors[edit.Text]);
            cursor = edit.End;
        }

        output.Write(body[cursor..]);
    }

    private bool Plan(ReadOnlySpan<byte> json, int offset, JsonElement document, ItemEmbeddingOptions options, bool partial)
    {
        if (document.ValueKind != JsonValueKind.Object || HasVector(document, options.Field))
        {
            return false;
        }

        if (partial && !ItemText.TouchesText(document, options))
        {
            return false;
        }

        if (ItemText.Build(document, options) is not { } text ||
            !ObjectLayout.TryRead(json, options.Field, out var layout))
        {
            return false;
        }

        if (!_textIndex.TryGetValue(text, out var textIndex))
        {
            textIndex = _texts.Count;
            _texts.Add(text);
            _textIndex.Add(text, textIndex);
        }

        _edits.Add(layout.HasMember
            ? new Edit(offset + layout.ValueStart, offset + layout.ValueEnd, textIndex, null, false) // null, [], "..." -> vector
            : new Edit(offset + layout.Close, offset + layout.Close, textIndex, JsonEncodedText.Encode(options.Field), layout.HasMembers));
        return true;
    }

    /// <summary>A non-empty array of numbers: the client (or an earlier run) already supplied the vector.</summary>
    internal static bool HasVector(JsonElement document, string field)
    {
        if (!document.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Edit(int Start, int End, int Text, JsonEncodedText? Name, bool Comma);
}
