namespace Sidecar.Personalization;

/// <summary>Background work every replica does, idempotently (YAML <c>personalization.maintenance</c>).</summary>
public sealed record MaintenanceOptions
{
    /// <summary>
    /// Seconds between sweeps for events stored but not yet applied to their profile (a replica stopped
    /// between the two writes) (YAML <c>recovery_interval_s</c>; 0 turns recovery off). Default 60.
    /// </summary>
    public int RecoveryIntervalSeconds { get; init; } = 60;

    /// <summary>Age an event must reach before recovery applies it, in seconds (YAML <c>pending_grace_s</c>). Default 30.</summary>
    public int PendingGraceSeconds { get; init; } = 30;

    /// <summary>Minutes between retention purges (YAML <c>retention_sweep_interval_min</c>; 0 turns the purge off). Default 60.</summary>
    public int RetentionSweepMinutes { get; init; } = 60;
}
