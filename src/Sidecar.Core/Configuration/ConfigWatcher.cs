using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sidecar.Diagnostics;

namespace Sidecar.Configuration;

/// <summary>
/// Reloads the YAML file when it changes. A valid file replaces the running configuration atomically
/// (requests in flight finish on the snapshot they started with); an invalid one is logged and counted,
/// and the running configuration stays. <c>server</c> and <c>upstream</c> changes need a restart.
/// </summary>
public sealed class ConfigWatcher : IHostedService, IDisposable
{
    private readonly ConfigProvider _provider;
    private readonly Func<string, SidecarOptions> _load;
    private readonly ILogger<ConfigWatcher> _logger;
    private readonly TimeSpan _debounce;
    private readonly object _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _timer;
    private SidecarOptions _lastFromFile;
    private string? _lastContent;
    private long _reloads;
    private long _failures;

    public ConfigWatcher(ConfigProvider provider, Func<string, SidecarOptions> load, ILogger<ConfigWatcher> logger, TimeSpan? debounce = null)
    {
        _provider = provider;
        _load = load;
        _logger = logger;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(300);
        _lastFromFile = provider.Current;
    }

    /// <summary>The configuration as the file said before command-line overrides (to tell real server/upstream edits apart).</summary>
    public SidecarOptions LastFromFile
    {
        get => _lastFromFile;
        init => _lastFromFile = value;
    }

    public long Reloads => Interlocked.Read(ref _reloads);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Raised after every reload attempt with its outcome (true = applied).</summary>
    public event Action<bool>? Reloaded;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(_provider.Current.Source);
        if (!File.Exists(path))
        {
            return Task.CompletedTask; // inline configuration (tests): nothing to watch
        }

        _lastContent = Fingerprint(path);
        _timer = new Timer(_ => ReloadIfChanged(path), null, Timeout.Infinite, Timeout.Infinite);

        // The whole directory is watched: Kubernetes updates a mounted ConfigMap by swapping a symbolic link
        // beside the file (..data), which changes no event on the file's own name. The content decides.
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.DirectoryName |
                           NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    private void ReloadIfChanged(string path)
    {
        var content = Fingerprint(path);
        if (content is null || content == _lastContent)
        {
            return;
        }

        _lastContent = content;
        ReloadNow();
    }

    private static string? Fingerprint(string path)
    {
        try
        {
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reloads the file now; returns true when the new configuration was applied.</summary>
    public bool ReloadNow()
    {
        lock (_gate)
        {
            var current = _provider.Current;
            try
            {
                var next = _load(current.Source);
                if (next.Server != _lastFromFile.Server || next.Upstream != _lastFromFile.Upstream)
                {
                    Log.ConfigNeedsRestart(_logger);
                }

                _lastFromFile = next;
                _provider.Swap(next with { Server = current.Server, Upstream = current.Upstream });
                Interlocked.Increment(ref _reloads);
                Log.ConfigReloaded(_logger, next.Profiles.Count);
                Reloaded?.Invoke(true);
                return true;
            }
            catch (ConfigException e)
            {
                Interlocked.Increment(ref _failures);
                Log.ConfigRejected(_logger, e.Message);
                Reloaded?.Invoke(false);
                return false;
            }
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _timer?.Dispose();
        _timer = null;
    }

    private void Schedule() => _timer?.Change(_debounce, Timeout.InfiniteTimeSpan);
}
