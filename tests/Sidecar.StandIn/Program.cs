using System.Globalization;
using System.Runtime.InteropServices;
using Sidecar.StandIn;

// Runs the Elasticsearch stand-in until SIGTERM / SIGINT.
// URL: --urls <url>, --urls=<url>, --port <n>, else ASPNETCORE_URLS, else http://127.0.0.1:9200.
var url = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } envUrls ? envUrls : "http://127.0.0.1:9200";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--urls" when i + 1 < args.Length:
            url = args[++i];
            break;
        case var a when a.StartsWith("--urls=", StringComparison.Ordinal):
            url = a["--urls=".Length..];
            break;
        case "--port" when i + 1 < args.Length:
            url = "http://127.0.0.1:" + int.Parse(args[++i], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            break;
        case var a when a.StartsWith("--port=", StringComparison.Ordinal):
            url = "http://127.0.0.1:" + int.Parse(a["--port=".Length..], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown argument: {args[i]} (use --urls <url> or --port <n>)");
            return 2;
    }
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });

await using var server = await StartAsync(url);
Console.WriteLine($"Sidecar Elasticsearch stand-in (fake Elasticsearch 9.1.0, Lucene.NET in-memory) listening on {server.BaseUri}");
await stop.Task;
return 0;

static Task<StandInServer> StartAsync(string url) => StandInServer.StartAsync(url);
