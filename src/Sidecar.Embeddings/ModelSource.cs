namespace Sidecar.Embeddings;

/// <summary>Reads model and vocabulary bytes from a bundle or from two files, with clear errors.</summary>
internal static class ModelSource
{
    public static (byte[] Model, byte[] Vocab, string ModelSource, string VocabSource) Read(EmbeddingModelOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.BundlePath))
        {
            var bundle = Path.GetFullPath(options.BundlePath);
            var (model, vocab) = ModelBundle.ReadContents(bundle);
            return (model, vocab, bundle, bundle);
        }

        var modelPath = Path.GetFullPath(options.ModelPath!);
        var vocabPath = Path.GetFullPath(options.VocabPath!);
        ModelBundleReader.RequireNonEmptyFile(
            modelPath, "Model file", "Set ModelPath to an .onnx file (ModelBundle.Extract writes model.onnx from a bundle)");
        ModelBundleReader.RequireNonEmptyFile(
            vocabPath, "Vocabulary file", "Set VocabPath to the model's vocab.txt (ModelBundle.Extract writes one)");
        return (File.ReadAllBytes(modelPath), File.ReadAllBytes(vocabPath), modelPath, vocabPath);
    }
}
