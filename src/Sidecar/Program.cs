using Sidecar.Configuration;
using Sidecar.Hosting;

var cli = CommandLine.Parse(args);
if (cli.Command == "help")
{
    if (cli.Error is not null)
    {
        Console.Error.WriteLine(cli.Error);
    }

    Console.Error.WriteLine(CommandLine.Usage);
    return cli.Error is null ? 0 : 64;
}

if (cli.Command == "health")
{
    return await HealthProbe.RunAsync(cli.Url ?? "http://127.0.0.1:9280/_rerank/health").ConfigureAwait(false);
}

using var runtime = new SidecarRuntime();
SidecarOptions options;
try
{
    options = runtime.Loader.LoadFile(cli.ConfigPath);
}
catch (ConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 78; // EX_CONFIG
}

if (cli.Command == "validate")
{
    Console.WriteLine($"{cli.ConfigPath}: valid ({options.Profiles.Count} profile(s))");
    return 0;
}

var fromFile = options;
if (cli.Listen is not null)
{
    options = options with { Server = options.Server with { Listen = cli.Listen } };
}

if (cli.Upstream is not null)
{
    if (SidecarConfigLoader.ParseUpstreamOverride(cli.Upstream, out var error) is not { } upstream)
    {
        Console.Error.WriteLine($"--upstream / SIDECAR_UPSTREAM: {error}");
        return 64;
    }

    options = options with { Upstream = options.Upstream with { Url = upstream } };
}

if (cli.Command == "embed-index")
{
    using var cts = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cts.Cancel();
    };
    if (cli.Threads is { } threads && options.EmbeddingModel is { } model)
    {
        options = options with { Embedder = runtime.Models.GetEmbedder(model with { IntraOpThreads = threads }) };
    }

    return await EmbedIndexCommand.RunAsync(options, cli.Index!, cli.BatchSize, cts.Token).ConfigureAwait(false);
}

runtime.WatchConfigFile = true;
runtime.FromFile = fromFile;
// server.inline_io: socket completions on the I/O threads; decided before the first socket exists (the runtime reads it once).
IoThreads.EnableInlineCompletions(options.Server.InlineIo);
var app = SidecarHost.Build(options, runtime);

// Loading a model reads its ~90 MB ONNX file into a managed array that ONNX Runtime copies; nothing would collect
// that garbage (large-object heap, gen 2) until much later. Give it back to the OS before serving.
GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
await app.RunAsync().ConfigureAwait(false);
return 0;
