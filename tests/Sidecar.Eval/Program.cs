using System.Globalization;

namespace Sidecar.Eval;

/// <summary>Entry point of <c>./scripts/eval.sh</c>; see <see cref="EvalOptions.Usage"/>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        EvalOptions options;
        try
        {
            options = EvalOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{EvalOptions.Usage}").ConfigureAwait(false);
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
            return await new EvalRun(options, Console.Out, Console.Error).RunAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or FormatException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"\nerror: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
