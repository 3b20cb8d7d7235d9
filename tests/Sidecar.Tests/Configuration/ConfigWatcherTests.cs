using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Configuration;
using Sidecar.Ranking.Features;

namespace Sidecar.Tests.Configuration;

public sealed class ConfigWatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-config-").FullName;
    private readonly SidecarConfigLoader _loader = new(FeatureRegistry.CreateDefault());

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Yaml(int window) => $$"""
        profiles:
          - name: products
            indices: [products]
            window: {{window}}
            features:
              - { name: bm25, type: first_stage_score }
        """;

    private (ConfigProvider Provider, ConfigWatcher Watcher, string Path) Start(int window)
    {
        var path = Path.Combine(_dir, "sidecar.yaml");
        File.WriteAllText(path, Yaml(window));
        var provider = new ConfigProvider(_loader.LoadFile(path));
        var watcher = new ConfigWatcher(provider, _loader.LoadFile, NullLogger<ConfigWatcher>.Instance, TimeSpan.FromMilliseconds(50));
        return (provider, watcher, path);
    }

    [Fact]
    public void ReloadNow_ValidEdit_SwapsConfigurationAtomically()
    {
        var (provider, watcher, path) = Start(100);
        var before = provider.Current;
        File.WriteAllText(path, Yaml(200));

        Assert.True(watcher.ReloadNow());

        Assert.Equal(200, provider.Current.Profiles[0].Window);
        Assert.Equal(100, before.Profiles[0].Window); // a request holding the old snapshot keeps it
        Assert.Equal(1, watcher.Reloads);
    }

    [Fact]
    public void ReloadNow_BrokenEdit_KeepsRunningConfigurationAndCountsFailure()
    {
        var (provider, watcher, path) = Start(100);
        File.WriteAllText(path, Yaml(100).Replace("window: 100", "window: lots", StringComparison.Ordinal));

        Assert.False(watcher.ReloadNow());

        Assert.Equal(100, provider.Current.Profiles[0].Window);
        Assert.Equal(1, watcher.Failures);
    }

    [Fact]
    public async Task FileChange_IsPickedUpWithoutRestart()
    {
        var (provider, watcher, path) = Start(100);
        var applied = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += ok => applied.TrySetResult(ok);
        await watcher.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            File.WriteAllText(path, Yaml(300));
            Assert.True(await applied.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            Assert.Equal(300, provider.Current.Profiles[0].Window);
        }
        finally
        {
            await watcher.StopAsync(TestContext.Current.CancellationToken);
        }
    }
}
