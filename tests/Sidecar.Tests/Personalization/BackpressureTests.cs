using System.Net;

namespace Sidecar.Tests.Personalization;

/// <summary>Under backpressure the events API refuses with 429 and Retry-After instead of queueing without bound.</summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private readonly TestKeys _keys = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeStore _store = null!;
    private PersonalSidecar _sidecar = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await FakeStore.StartAsync();
        _store.OnBulk = () => _release.Task;
        _sidecar = await PersonalSidecar.StartAsync(_store.BaseUri, _keys, "ingest: { max_in_flight_events: 2, retry_after_s: 7 }");
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _sidecar.DisposeAsync();
        await _store.DisposeAsync();
        _keys.Dispose();
    }

    private static string Events(params string[] ids) =>
        "[" + string.Join(',', ids.Select(id => EventsApiTests.Event(id, "alice", "click", "d1", index: "products"))) + "]";

    [Fact]
    public async Task Post_BeyondMaxInFlight_Is429WithRetryAfter_AndTheHeldBatchIsAckedOnceStored()
    {
        var held = _sidecar.PostEventsAsync(Events("e1", "e2"));
        while (!_store.Upstream.Requests.Any(r => r.Target.StartsWith("/_bulk", StringComparison.Ordinal)))
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.False(held.IsCompleted); // not acknowledged before Elasticsearch answered
        var (refused, body) = await _sidecar.PostEventsAsync(Events("e3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("7", refused.Headers.RetryAfter!.ToString());
        Assert.Equal("es_rejected_execution_exception", body.GetProperty("error").GetProperty("type").GetString());

        _release.SetResult();
        var (ok, acked) = await held;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, acked.GetProperty("accepted").GetInt32());
        var (later, _) = await _sidecar.PostEventsAsync(Events("e3"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }
}
