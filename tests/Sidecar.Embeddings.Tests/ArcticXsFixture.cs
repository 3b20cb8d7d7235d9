namespace Sidecar.Embeddings.Tests;

/// <summary>Loads snowflake-arctic-embed-xs once per test class, from the bundle the build copied to models/.</summary>
public sealed class ArcticXsFixture : IDisposable
{
    public ArcticXsFixture() => Embedder = new OnnxTextEmbedder(EmbeddingModelOptions.ArcticXs());

    public OnnxTextEmbedder Embedder { get; }

    public void Dispose() => Embedder.Dispose();
}
