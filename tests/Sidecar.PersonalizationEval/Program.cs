using System.Globalization;

namespace Sidecar.PersonalizationEval;

/// <summary>
/// Entry point of <c>./scripts/eval-personalization.sh</c>: the evaluation (see <see cref="EvalOptions.Usage"/>), or
/// <c>prepare-config --from SRC --to DST [--set path=value]...</c>, which copies the sidecar's YAML with scalars
/// changed by key path (comments kept), e.g. <c>--set personalization.lookup.timeout_ms=500</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0] == "prepare-config")
        {
            return PrepareConfig(args.AsSpan(1));
        }

        EvalOptions options;
        try
        {
            options = EvalOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{EvalOptions.Usage}");
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(EvalOptions.Usage);
            return 0;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            return await new EvalRun(options, Console.Out, Console.Error).RunAsync(cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or FormatException or TaskCanceledException or ArgumentException
                                      or InvalidOperationException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"\nerror: {e.Message}");
            return 1;
        }
    }

    private static int PrepareConfig(ReadOnlySpan<string> args)
    {
        string? from = null, to = null;
        var sets = new List<(string Path, string Value)>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--from" when value is not null:
                    from = value;
                    i++;
                    break;
                case "--to" when value is not null:
                    to = value;
                    i++;
                    break;
                case "--set" when value is not null && value.IndexOf('=', StringComparison.Ordinal) > 0:
                    sets.Add((value[..value.IndexOf('=', StringComparison.Ordinal)], value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..]));
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"error: prepare-config: unexpected '{args[i]}' (usage: prepare-config --from SRC --to DST [--set path=value]...)");
                    return 2;
            }
        }

        if (from is null || to is null)
        {
            Console.Error.WriteLine("error: prepare-config needs --from and --to");
            return 2;
        }

        var lines = File.ReadAllLines(from);
        foreach (var (path, value) in sets)
        {
            if (YamlLines.Set(lines, path, value) == 0)
            {
                Console.Error.WriteLine($"error: prepare-config: no key '{path}' in {from}");
                return 2;
            }
        }

        var temp = to + ".tmp";
        File.WriteAllText(temp, string.Join('\n', lines) + "\n");
        File.Move(temp, to, overwrite: true);
        return 0;
    }
}
