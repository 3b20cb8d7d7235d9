namespace Sidecar.Tests.Ranking.Scoring;

/// <summary>A temporary directory for one test's model files, deleted on dispose.</summary>
internal sealed class ModelFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sidecar-ranking-").FullName;

    /// <summary>The full path of <paramref name="name"/> in the directory (the file need not exist).</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> in the directory and returns the full path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
