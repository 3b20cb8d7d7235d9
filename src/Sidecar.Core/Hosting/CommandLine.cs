namespace Sidecar.Hosting;

/// <summary>
/// <c>sidecar [--config PATH] [--listen URL] [--upstream URL]</c> runs the proxy;
/// <c>sidecar config validate PATH</c> checks a configuration file and exits.
/// </summary>
public sealed record CommandLine(string Command, string ConfigPath, string? Listen, string? Upstream, string? Error)
{
    public const string Usage = """
        Usage:
          sidecar [--config PATH] [--listen URL] [--upstream URL]   run the proxy (default config: config/sidecar.yaml)
          sidecar config validate PATH                               check a configuration file, print every error
          sidecar --help
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string command = "run", config = DefaultConfigPath();
        string? listen = null, upstream = null;
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

        return new CommandLine(command, config, listen, upstream, null);
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
