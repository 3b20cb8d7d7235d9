namespace Sidecar.Embeddings.Tests;

/// <summary>Loads all-MiniLM-L6-v2 once per test class, from the bundle the build copied to models/.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture() => Embedder = new OnnxTextEmbedder(EmbeddingModelOptions.MiniLm());

    public OnnxTextEmbedder Embedder { get; }

    public void Dispose() => Embedder.Dispose();
}
