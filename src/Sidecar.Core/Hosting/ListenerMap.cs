namespace Sidecar.Hosting;

/// <summary>
/// Which local port is the management listener (<c>server.management_listen</c>), known once Kestrel has bound
/// (ports may be 0 in tests). With no management listener, every port serves everything.
/// </summary>
public sealed class ListenerMap
{
    /// <summary>The bound management port, or null when the sidecar has a single listener.</summary>
    public int? ManagementPort { get; set; }

    /// <summary>The bound client port.</summary>
    public int? ClientPort { get; set; }

    public bool IsManagement(int localPort) => ManagementPort == localPort;

    public bool Split => ManagementPort is not null;
}
