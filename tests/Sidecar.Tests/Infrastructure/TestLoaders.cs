using Sidecar.Configuration;
using Sidecar.Hosting;

namespace Sidecar.Tests.Infrastructure;

/// <summary>One process-wide loader with real models (loaded once) for tests that read the shipped configuration.</summary>
internal static class TestLoaders
{
    private static readonly Lazy<SidecarRuntime> Runtime = new(() => new SidecarRuntime());

    public static SidecarConfigLoader WithModels => Runtime.Value.Loader;
}
