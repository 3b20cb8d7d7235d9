using System.Text;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class ConcurrencyTests : IClassFixture<StandInFixture>
{
    private readonly EsHttp _es;

    public ConcurrencyTests(StandInFixture fixture) => _es = fixture.Http;

    [Fact]
    public async Task ConcurrentWritesAndSearches_AllSucceedAndEndConsistent()
    {
        var index = await _es.CreateIndexAsync();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var batch = 0; batch < 5; batch++)
            {
                var ndjson = new StringBuilder();
                for (var i = 0; i < 50; i++)
                {
                    ndjson.Append($$$"""{"index":{"_id":"w{{{w}}}-{{{batch}}}-{{{i}}}"}}""").Append('\n');
                    ndjson.Append($$"""{"title":"concurrent product {{i}}","writer":{{w}}}""").Append('\n');
                }

                var reply = await _es.BulkAsync($"/{index}/_bulk", ndjson.ToString());
                Assert.False(reply.Json.GetProperty("errors").GetBoolean());
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var reply = await _es.SearchAsync(index, """{"query":{"match":{"title":"concurrent"}},"aggs":{"w":{"terms":{"field":"writer"}}}}""");
                Assert.Equal(200, reply.StatusCode);
            }
        }));

        await Task.WhenAll(writers.Concat(readers));
        var count = await _es.GetAsync($"/{index}/_count");

        Assert.Equal(4 * 5 * 50, count.Json.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ConcurrentUpdatesOfOneDocument_ProduceSequentialVersions()
    {
        var index = await _es.CreateIndexWithDocsAsync(null, ("1", """{"n":0}"""));

        var replies = await Task.WhenAll(Enumerable.Range(1, 20).Select(n =>
            _es.PostAsync($"/{index}/_update/1", $$$"""{"doc":{"n":{{{n}}}}}""")));

        var versions = replies.Select(r => r.Json.GetProperty("_version").GetInt64()).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), versions);
    }
}
