using System.Security.Cryptography;
using System.Text;
using Sidecar.Embeddings;

namespace Sidecar.Tests.Infrastructure;

/// <summary>A deterministic test embedder: each text maps to a fixed unit vector; counts calls.</summary>
internal sealed class HashEmbedder(int dimensions = 8) : ITextEmbedder
{
    public int QueryCalls;

    public string Name => "hash";

    public int Dimensions => dimensions;

    public float[] EmbedQuery(string text)
    {
        Interlocked.Increment(ref QueryCalls);
        return Vector(text, dimensions);
    }

    public ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(EmbedQuery(text));

    public float[][] EmbedDocuments(IReadOnlyList<string> texts, int batchSize = 32) => texts.Select(t => Vector(t, dimensions)).ToArray();

    public Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default) =>
        Task.FromResult(EmbedDocuments(texts, batchSize));

    public static float[] Vector(string text, int dimensions = 8)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var v = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            v[i] = (hash[i % hash.Length] - 127.5f) / 127.5f;
        }

        return VectorMath.Normalized(v);
    }

    public void Dispose()
    {
    }
}
