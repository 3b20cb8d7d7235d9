using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Personalization;

/// <summary>
/// An <see cref="EchoUpstream"/> answering like Elasticsearch for what personalization needs (searches on
/// <c>products</c>, index creation, <c>_bulk</c>, <c>_mget</c>, profile documents), with hooks to make the
/// profile store slow or failing and to hold bulks back.
/// </summary>
internal sealed class FakeStore : IAsyncDisposable
{
    private FakeStore(EchoUpstream upstream)
    {
        Upstream = upstream;
        upstream.Handler = HandleAsync;
    }

    public EchoUpstream Upstream { get; }

    public Uri BaseUri => Upstream.BaseUri;

    /// <summary>Runs before a profile GET is answered (e.g. a delay); return a status to answer it with instead of 404.</summary>
    public Func<Task<int?>>? OnProfileGet { get; set; }

    /// <summary>Awaited before a <c>_bulk</c> is answered.</summary>
    public Func<Task>? OnBulk { get; set; }

    public int ProfileGets;

    public static async Task<FakeStore> StartAsync() => new(await EchoUpstream.StartAsync());

    public IEnumerable<EchoUpstream.Recorded> ProfileRequests => Upstream.Requests.Where(r => r.Target.StartsWith("/rerank-profiles/", StringComparison.Ordinal));

    private async Task HandleAsync(HttpContext context, EchoUpstream.Recorded r)
    {
        context.Response.ContentType = "application/json";
        var path = r.Target.Split('?')[0];
        if (path.EndsWith("/_search", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync(Fixtures.Response(20));
        }
        else if (path.StartsWith("/rerank-profiles/_doc/", StringComparison.Ordinal) && r.Method == "GET")
        {
            Interlocked.Increment(ref ProfileGets);
            var status = OnProfileGet is { } hook ? await hook() : null;
            context.Response.StatusCode = status ?? 404;
            await context.Response.WriteAsync(status is null ? """{"found":false}""" : """{"error":{"type":"unavailable_shards_exception","reason":"down"},"status":503}""");
        }
        else if (path == "/_bulk")
        {
            if (OnBulk is { } hold)
            {
                await hold();
            }

            await context.Response.WriteAsync(BulkAnswer(r.Body));
        }
        else if (path == "/_mget")
        {
            await context.Response.WriteAsync("""{"docs":[]}""");
        }
        else
        {
            context.Response.StatusCode = r.Method == "PUT" && path.Contains("/_create/", StringComparison.Ordinal) ? 201 : 200;
            await context.Response.WriteAsync("""{"acknowledged":true,"result":"created","_seq_no":0,"_primary_term":1}""");
        }
    }

    private static string BulkAnswer(byte[] body)
    {
        var sb = new StringBuilder("""{"took":1,"errors":false,"items":[""");
        var lines = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i += 2)
        {
            using var action = JsonDocument.Parse(lines[i]);
            var op = action.RootElement.EnumerateObject().First().Name;
            sb.Append(i == 0 ? "" : ",").Append("{\"").Append(op).Append("\":{\"status\":").Append(op == "create" ? 201 : 200).Append("}}");
        }

        return sb.Append("]}").ToString();
    }

    public ValueTask DisposeAsync() => Upstream.DisposeAsync();
}
