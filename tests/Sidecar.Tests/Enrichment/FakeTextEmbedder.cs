using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Embeddings;

namespace Sidecar.Tests.Enrichment;

/// <summary>
/// A deterministic <see cref="ITextEmbedder"/>: SHA-256 of the text -> 8-dim unit vector. Records every
/// document call (texts and batch size) so tests can check that a request is embedded in one call.
/// </summary>
internal sealed class FakeTextEmbedder : ITextEmbedder
{
    public const int Dims = 8;

    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<string>> _calls = [];
    private readonly List<int> _batchSizes = [];

    public string Name => "fake-sha256-8";

    public int Dimensions => Dims;

    /// <summary>Replaces the vector of a text (e.g. to return NaN); null = the hash vector.</summary>
    public Func<string, float[]>? Override { get; set; }

    public IReadOnlyList<IReadOnlyList<string>> Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.ToArray();
            }
        }
    }

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_lock)
            {
                return _batchSizes.ToArray();
            }
        }
    }

    public int QueryCalls { get; private set; }

    /// <summary>The vector this embedder gives <paramref name="text"/>.</summary>
    public static float[] Vector(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var v = new float[Dims];
        for (var i = 0; i < Dims; i++)
        {
            v[i] = (hash[i] - 127.5f) / 127.5f;
        }

        return VectorMath.Normalized(v);
    }

    /// <summary>The JSON array the enrichers write for <paramref name="text"/>.</summary>
    public static string Json(string text) =>
        "[" + string.Join(",", Vector(text).Select(x => x.ToString(CultureInfo.InvariantCulture))) + "]";

    public float[] EmbedQuery(string text)
    {
        QueryCalls++;
        return Vector(text);
    }

    public ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(EmbedQuery(text));

    public float[][] EmbedDocuments(IReadOnlyList<string> texts, int batchSize = 32)
    {
        lock (_lock)
        {
            _calls.Add(texts.ToArray());
            _batchSizes.Add(batchSize);
        }

        return texts.Select(t => Override?.Invoke(t) ?? Vector(t)).ToArray();
    }

    public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(EmbedDocuments(texts, batchSize));
    }

    public void Dispose()
    {
    }
}
