namespace Sidecar.Benchmarks;

/// <summary>Files the benchmarks read from the repository and the shared data folder.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the first folder above the binary (or the working directory) holding Sidecar.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The default configuration (config/sidecar.yaml).</summary>
    public static string DefaultConfig => Path.Combine(Root, "config", "sidecar.yaml");

    /// <summary>
    /// The ESCI catalogue, one product per line: $ESCI_DIR/products.jsonl, else ../shared/data/esci beside the
    /// checkout, else /work/shared/data/esci (as scripts/lib/common.sh looks).
    /// </summary>
    public static string Products
    {
        get
        {
            var candidates = new[] { Environment.GetEnvironmentVariable("ESCI_DIR") ?? "", Path.Combine(Root, "..", "shared", "data", "esci"), "/work/shared/data/esci" };
            foreach (var dir in candidates)
            {
                var path = Path.GetFullPath(Path.Combine(dir, "products.jsonl"));
                if (dir.Length > 0 && File.Exists(path))
                {
                    return path;
                }
            }

            throw new FileNotFoundException("ESCI catalogue not found; set ESCI_DIR to the folder holding products.jsonl");
        }
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sidecar.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Sidecar.sln not found above the benchmark binary or the working directory");
    }
}
