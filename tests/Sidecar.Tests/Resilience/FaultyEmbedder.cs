using Sidecar.Embeddings;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Resilience;

/// <summary>
/// A query embedder that can be made to fail: throw, stall until released (or cancelled), or answer
/// (deterministic hash vectors). Signals when an embedding starts so tests can line up concurrent searches.
/// </summary>
internal sealed class FaultyEmbedder : ITextEmbedder
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public enum Mode
    {
        Answer,
        Throw,
        Stall,
    }

    /// <summary>What <see cref="EmbedQueryAsync"/> does; queries listed in <see cref="StallOnly"/> stall whatever the mode.</summary>
    public Mode Behaviour { get; set; } = Mode.Answer;

    /// <summary>When set, only this query text stalls (others answer at once).</summary>
    public string? StallOnly { get; set; }

    /// <summary>Completes when the first stalled embedding has started (it holds its inference slot).</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls => Volatile.Read(ref _calls);

    public string Name => "faulty";

    public int Dimensions => 8;

    /// <summary>Lets every stalled embedding finish.</summary>
    public void Release() => _release.TrySetResult();

    public float[] EmbedQuery(string text) => EmbedQueryAsync(text).AsTask().GetAwaiter().GetResult();

    public async ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (StallOnly is { } only ? text == only : Behaviour == Mode.Stall)
        {
            Stalled.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (Behaviour == Mode.Throw)
        {
            throw new InvalidOperationException("injected model failure (ONNX Runtime error stand-in)");
        }

        return HashEmbedder.Vector(text);
    }

    public float[][] EmbedDocuments(IReadOnlyList<string> texts, int batchSize = 32) => texts.Select(t => HashEmbedder.Vector(t)).ToArray();

    public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default) =>
        Task.FromResult(EmbedDocuments(texts, batchSize));

    public void Dispose() => Release();
}
