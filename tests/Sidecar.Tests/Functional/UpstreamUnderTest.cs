namespace Sidecar.Tests.Functional;

/// <summary>An Elasticsearch-speaking upstream the functional suite runs against (stand-in or real image).</summary>
public interface IUpstreamUnderTest : IAsyncDisposable
{
    Uri BaseUri { get; }

    /// <summary>Headers of the requests the upstream received, newest last, when it can tell (the stand-in can).</summary>
    IReadOnlyList<IReadOnlyDictionary<string, string>>? ReceivedHeaders { get; }
}
