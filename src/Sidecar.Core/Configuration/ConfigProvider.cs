namespace Sidecar.Configuration;

/// <summary>
/// Holds the current configuration. A request reads <see cref="Current"/> once and keeps that snapshot
/// to the end, so a reload never changes a request half way.
/// </summary>
public sealed class ConfigProvider
{
    private volatile SidecarOptions _current;

    public ConfigProvider(SidecarOptions initial)
    {
        _current = initial;
    }

    public SidecarOptions Current => _current;

    public event Action<SidecarOptions>? Changed;

    public void Swap(SidecarOptions next)
    {
        _current = next;
        Changed?.Invoke(next);
    }
}
