using Sidecar.StandIn;

namespace Sidecar.Tests.Functional;

/// <summary>The functional suite against the Lucene-backed Elasticsearch stand-in on 127.0.0.1.</summary>
public sealed class StandInRerankTests : RerankSuite
{
    protected override async Task<IUpstreamUnderTest> StartUpstreamAsync() => new StandInUpstream(await StandInServer.StartAsync());

    private sealed class StandInUpstream(StandInServer server) : IUpstreamUnderTest
    {
        public Uri BaseUri => server.BaseUri;

        public IReadOnlyList<IReadOnlyDictionary<string, string>>? ReceivedHeaders => server.Received.Select(r => r.Headers).ToArray();

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
