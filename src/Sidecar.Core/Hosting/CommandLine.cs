namespace Sidecar.Hosting;

/// <summary>
/// <c>sidecar [--config PATH] [--listen URL] [--upstream URL]</c> runs the proxy;
/// <c>sidecar config validate PATH</c> checks a configuration file and exits;
/// <c>sidecar health [--url URL]</c> probes a running sidecar (container HEALTHCHECK).
/// Environment <c>SIDECAR_LISTEN</c> / <c>SIDECAR_UPSTREAM</c> override the YAML; flags override both.
/// </summary>
public sealed record CommandLine(string Command, string ConfigPath, string? Listen, string? Upstream, string? Error)
{
    /// <summary>The URL probed by <c>sidecar health</c>.</summary>
    public string? Url { get; init; }

    /// <summary>The index <c>sidecar embed-index</c> fills.</summary>
    public string? Index { get; init; }

    /// <summary>Documents per batch for <c>sidecar embed-index</c> (default 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Inference threads for <c>sidecar embed-index</c> (overrides models.embedding.threads).</summary>
    public int? Threads { get; init; }

    public const string Usage = """
        Usage:
          sidecar [--config PATH] [--listen URL] [--upstream URL]   run the proxy (default config: config/sidecar.yaml)
          sidecar config validate PATH                               check a configuration file, print every error
          sidecar health [--url URL]                                 exit 0 when a running sidecar answers its health check
          sidecar embed-index --index NAME [--batch-size N] [--threads N] [--config PATH] [--upstream URL]
                                                                     add missing item embeddings to an index (resumable)
        Environment: SIDECAR_LISTEN, SIDECAR_UPSTREAM override the YAML; --listen/--upstream override both.
          sidecar --help
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string command = "run", config = DefaultConfigPath();
        string? listen = Environment.GetEnvironmentVariable("SIDECAR_LISTEN") is { Length: > 0 } l ? l : null;
        string? upstream = Environment.GetEnvironmentVariable("SIDECAR_UPSTREAM") is { Length: > 0 } u ? u : null;
        string? url = null, index = null;
        var batch = 64;
        int? threads = null;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (a)
            {
                case "--config" or "-c":
                    config = Next() ?? string.Empty;
                    break;
                case "--listen":
                    listen = Next();
                    break;
                case "--upstream":
                    upstream = Next();
                    break;
                case "--index":
                    index = Next();
                    break;
                case "--batch-size":
                    if (!int.TryParse(Next(), out batch) || batch < 1 || batch > 10_000)
                    {
                        return new CommandLine("help", config, listen, upstream, "--batch-size needs a number between 1 and 10000");
                    }

                    break;
                case "--threads":
                    if (!int.TryParse(Next(), out var t) || t < 1 || t > 64)
                    {
                        return new CommandLine("help", config, listen, upstream, "--threads needs a number between 1 and 64");
                    }

                    threads = t;
                    break;
                case "embed-index" when command == "run":
                    command = "embed-index";
                    break;
                case "--url":
                    url = Next();
                    break;
                case "health" when command == "run":
                    command = "health";
                    break;
                case "--help" or "-h":
                    command = "help";
                    break;
                case "config" when i + 1 < args.Count && args[i + 1] == "validate":
                    i++;
                    command = "validate";
                    config = Next() ?? config;
                    break;
                default:
                    if (a.StartsWith("--urls", StringComparison.Ordinal) || a.StartsWith("--environment", StringComparison.Ordinal))
                    {
                        break; // host arguments, handled by ASP.NET
                    }

                    return new CommandLine("help", config, listen, upstream, $"unknown argument '{a}'");
            }
        }

        if (string.IsNullOrEmpty(config))
        {
            return new CommandLine("help", config, listen, upstream, "--config needs a path");
        }

        if (command == "embed-index" && string.IsNullOrEmpty(index))
        {
            return new CommandLine("help", config, listen, upstream, "embed-index needs --index NAME");
        }

        return new CommandLine(command, config, listen, upstream, null) { Url = url, Index = index, BatchSize = batch, Threads = threads };
    }

    private static string DefaultConfigPath()
    {
        const string relative = "config/sidecar.yaml";
        if (File.Exists(relative))
        {
            return relative;
        }

        var besideBinary = Path.Combine(AppContext.BaseDirectory, relative);
        return File.Exists(besideBinary) ? besideBinary : relative;
    }
}
