using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// The background loop of every replica: pending-event recovery every <c>maintenance.recovery_interval_s</c>
/// and the retention purge every <c>maintenance.retention_sweep_interval_min</c>, reading the current
/// configuration each round. Failures are logged and retried next round; they never stop the process.
/// </summary>
public sealed class PersonalizationMaintenance : BackgroundService
{
    private readonly ConfigProvider _config;
    private readonly PendingEventRecovery _recovery;
    private readonly RetentionPurge _purge;
    private readonly TimeProvider _time;
    private readonly ILogger<PersonalizationMaintenance> _logger;

    public PersonalizationMaintenance(ConfigProvider config, PendingEventRecovery recovery, RetentionPurge purge, TimeProvider time,
        ILogger<PersonalizationMaintenance> logger)
    {
        _config = config;
        _recovery = recovery;
        _purge = purge;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_config.Current.Personalization is { Enabled: true, Hasher: null } p)
        {
            PersonalizationLog.NoHashKey(_logger, p.UserIdHashKeyEnv);
        }

        var lastPurge = _time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var m = _config.Current.Personalization?.Maintenance ?? new MaintenanceOptions();
                var tick = TimeSpan.FromSeconds(m.RecoveryIntervalSeconds > 0 ? m.RecoveryIntervalSeconds : 60);
                await Task.Delay(tick, _time, stoppingToken).ConfigureAwait(false);
                var options = _config.Current;
                if (options.Personalization is not { IsActive: true } current)
                {
                    continue;
                }

                if (current.Maintenance.RecoveryIntervalSeconds > 0)
                {
                    await RunAsync("recovery", () => _recovery.RunOnceAsync(options, stoppingToken)).ConfigureAwait(false);
                }

                var sweep = current.Maintenance.RetentionSweepMinutes;
                if (sweep > 0 && _time.GetElapsedTime(lastPurge) >= TimeSpan.FromMinutes(sweep))
                {
                    lastPurge = _time.GetTimestamp();
                    await RunAsync("retention", () => _purge.RunOnceAsync(options, stoppingToken)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task RunAsync(string task, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            PersonalizationLog.MaintenanceFailed(_logger, task, e.Message);
        }
    }
}
