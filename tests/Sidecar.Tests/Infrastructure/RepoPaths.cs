namespace Sidecar.Tests.Infrastructure;

/// <summary>Locates the repository and the shared data next to it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Config(string relative) => Path.Combine(Root, "config", relative);

    /// <summary>The ESCI catalogue beside the repository (../shared/data/esci), or null when absent.</summary>
    public static string? EsciDirectory()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("ESCI_DIR") ?? "", Path.Combine(Root, "..", "shared", "data", "esci"), "/work/shared/data/esci" })
        {
            if (candidate.Length > 0 && File.Exists(Path.Combine(candidate, "products.jsonl")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sidecar.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Sidecar.sln not found above " + AppContext.BaseDirectory);
    }
}
