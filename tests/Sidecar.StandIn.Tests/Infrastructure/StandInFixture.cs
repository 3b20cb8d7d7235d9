namespace Sidecar.StandIn.Tests.Infrastructure;

/// <summary>One stand-in server per test class.</summary>
public sealed class StandInFixture : IAsyncLifetime
{
    private StandInServer? _server;
    private EsHttp? _http;

    public StandInServer Server => _server ?? throw new InvalidOperationException("not started");

    public EsHttp Http => _http ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _server = await StandInServer.StartAsync();
        _http = new EsHttp(_server.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
