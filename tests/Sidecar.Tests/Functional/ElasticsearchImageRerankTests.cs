using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Sidecar.Tests.Functional;

/// <summary>
/// The same functional suite against the official Elasticsearch image (Testcontainers). Runs when a Docker
/// engine is reachable; otherwise every test is skipped and says so.
/// </summary>
public sealed class ElasticsearchImageRerankTests : RerankSuite
{
    public const string Image = "docker.elastic.co/elasticsearch/elasticsearch:9.1.0";

    protected override async Task<IUpstreamUnderTest> StartUpstreamAsync()
    {
        IContainer container;
        try
        {
            container = new ContainerBuilder(Image)
                .WithEnvironment("discovery.type", "single-node")
                .WithEnvironment("xpack.security.enabled", "false")
                .WithEnvironment("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                .WithPortBinding(9200, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(9200).ForPath("/_cluster/health")))
                .Build();
        }
        catch (Exception e) when (e.GetType().Name.Contains("DockerUnavailable", StringComparison.Ordinal) || e is ArgumentException or InvalidOperationException)
        {
            Assert.Skip($"No Docker engine here, so the suite cannot run against {Image}: {e.Message}");
            throw; // unreachable
        }

        await container.StartAsync();
        return new ContainerUpstream(container);
    }

    private sealed class ContainerUpstream(IContainer container) : IUpstreamUnderTest
    {
        public Uri BaseUri => new($"http://{container.Hostname}:{container.GetMappedPublicPort(9200)}/");

        public IReadOnlyList<IReadOnlyDictionary<string, string>>? ReceivedHeaders => null;

        public ValueTask DisposeAsync() => container.DisposeAsync();
    }
}
