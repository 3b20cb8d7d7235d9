namespace Sidecar.Embeddings;

/// <summary>The two files a sentence-embedding model needs, e.g. as written by <see cref="ModelBundle.Extract"/>.</summary>
/// <param name="ModelPath">The ONNX graph (model.onnx).</param>
/// <param name="VocabPath">The WordPiece vocabulary, one token per line (vocab.txt).</param>
public sealed record ModelFiles(string ModelPath, string VocabPath);
