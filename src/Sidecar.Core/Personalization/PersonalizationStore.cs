using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Sidecar.Configuration;
using Sidecar.Proxy;

namespace Sidecar.Personalization;

/// <summary>
/// The sidecar's own requests to the events and profiles indices: through the shared upstream pool, with
/// the sidecar's OWN credential (<c>upstream.credentials</c>, never a client's), each within a timeout.
/// Transport failures and timeouts become <see cref="StoreException"/>; statuses are the caller's to judge.
/// </summary>
public sealed class PersonalizationStore
{
    private readonly UpstreamClient _upstream;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, bool> _ensured = new(StringComparer.Ordinal);

    public PersonalizationStore(UpstreamClient upstream, TimeProvider time)
    {
        _upstream = upstream;
        _time = time;
    }

    public async Task<StoreResponse> SendAsync(HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body, int timeoutMs,
        CancellationToken ct, string contentType = "application/json")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(timeoutMs), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = new HttpRequestMessage(method, _upstream.Prefix + pathAndQuery)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (body is { } b)
        {
            request.Content = new ReadOnlyMemoryContent(b);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _upstream.Options.Credential.Apply(request);
        try
        {
            using var response = await _upstream.Invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            await Hosting.IoThreads.LeaveAsync(); // parsed next: not on an I/O thread
            return new StoreResponse((int)response.StatusCode, bytes);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new StoreException($"{method} {Path(pathAndQuery)} timed out after {timeoutMs} ms", e);
        }
        catch (HttpRequestException e)
        {
            throw new StoreException($"{method} {Path(pathAndQuery)} failed: {e.Message}", e);
        }
    }

    /// <summary>Creates <paramref name="index"/> with <paramref name="mapping"/> unless it exists (checked once per name and process).</summary>
    public async Task EnsureIndexAsync(string index, byte[] mapping, int timeoutMs, CancellationToken ct)
    {
        if (_ensured.ContainsKey(index))
        {
            return;
        }

        var response = await SendAsync(HttpMethod.Put, "/" + index, mapping, timeoutMs, ct).ConfigureAwait(false);
        if (response.IsSuccess || (response.Status == 400 && response.ErrorType() == "resource_already_exists_exception"))
        {
            _ensured[index] = true;
            return;
        }

        throw response.Unexpected($"creating index {index}");
    }

    private static string Path(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }
}
