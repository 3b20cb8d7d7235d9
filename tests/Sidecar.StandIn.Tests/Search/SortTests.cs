using System.Text.Json;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class SortTests : IClassFixture<StandInFixture>, IAsyncLifetime
{
    private readonly EsHttp _es;
    private string _index = "";

    public SortTests(StandInFixture fixture) => _es = fixture.Http;

    public async ValueTask InitializeAsync() => _index = await _es.CreateProductsIndexAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SortByField_NullsScoreAndAddsSortValues()
    {
        var reply = await Search("""{"sort":[{"price":{"order":"desc"}}]}""");

        Assert.Equal(["3", "1", "4", "5", "2", "6"], reply.Ids);
        Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("hits").GetProperty("max_score").ValueKind);
        Assert.All(reply.Hits.EnumerateArray(), h => Assert.Equal(JsonValueKind.Null, h.GetProperty("_score").ValueKind));
        Assert.Equal(199.0, reply.Hits[0].GetProperty("sort")[0].GetDouble());
        Assert.Equal("-Infinity", reply.Hits[5].GetProperty("sort")[0].GetString());
    }

    [Fact]
    public async Task SortByMultipleFields_AndStringForms()
    {
        var multi = await Search("""{"sort":[{"in_stock":"desc"},"price"]}""");
        var url = await _es.GetAsync($"/{_index}/_search?sort=rating:desc");
        var keyword = await Search("""{"sort":"brand"}""");

        Assert.Equal(["2", "5", "4", "1", "3", "6"], multi.Ids);
        Assert.Equal(1, multi.Hits[0].GetProperty("sort")[0].GetInt64());
        Assert.Equal(["6", "3", "1", "5", "2", "4"], url.Ids);
        Assert.Equal(["1", "2", "5", "6", "4", "3"], keyword.Ids);
        Assert.Equal("Amazon", keyword.Hits[0].GetProperty("sort")[0].GetString());
    }

    [Fact]
    public async Task SortByDate_UsesEpochMillisAndPutsMissingLast()
    {
        var reply = await Search("""{"sort":[{"released":"asc"}]}""");

        Assert.Equal(["4", "2", "5", "1", "3", "6"], reply.Ids);
        Assert.Equal(new DateTimeOffset(2019, 3, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), reply.Hits[0].GetProperty("sort")[0].GetInt64());
        Assert.Equal(long.MaxValue, reply.Hits[5].GetProperty("sort")[0].GetInt64());
    }

    [Fact]
    public async Task SortByScoreThenField_KeepsScores()
    {
        var reply = await Search("""{"query":{"match":{"title":"bluetooth"}},"sort":["_score",{"price":"asc"}]}""");

        Assert.Equal(JsonValueKind.Number, reply.Hits[0].GetProperty("_score").ValueKind);
        Assert.Equal(2, reply.Hits[0].GetProperty("sort").GetArrayLength());
    }

    [Fact]
    public async Task TrackScores_WithFieldSort_ReturnsScores()
    {
        var reply = await Search("""{"query":{"match":{"title":"bluetooth"}},"sort":[{"price":"asc"}],"track_scores":true}""");

        Assert.Equal(["5", "3"], reply.Ids);
        Assert.True(reply.Score("5") > 0);
    }

    [Theory]
    [InlineData("""{"sort":[{"title":"asc"}]}""", "illegal_argument_exception")]
    [InlineData("""{"sort":[{"no_such_field":"asc"}]}""", "query_shard_exception")]
    public async Task SortOnTextOrUnmappedField_Returns400(string body, string rootCause)
    {
        var reply = await Search(body);

        Assert.Equal(400, reply.StatusCode);
        Assert.Equal("search_phase_execution_exception", reply.ErrorType);
        Assert.Equal(rootCause, reply.RootCauseType);
    }

    [Fact]
    public async Task SortOnUnmappedField_WithUnmappedType_Succeeds()
    {
        var reply = await Search("""{"sort":[{"no_such_field":{"order":"asc","unmapped_type":"long"}}]}""");

        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(6, reply.Ids.Count);
    }

    private Task<EsReply> Search(string body) => _es.SearchAsync(_index, body);
}
