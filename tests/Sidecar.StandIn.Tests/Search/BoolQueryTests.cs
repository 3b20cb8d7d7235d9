using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class BoolQueryTests : IClassFixture<StandInFixture>, IAsyncLifetime
{
    private readonly EsHttp _es;
    private string _index = "";

    public BoolQueryTests(StandInFixture fixture) => _es = fixture.Http;

    public async ValueTask InitializeAsync() => _index = await _es.CreateProductsIndexAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Bool_FilterRestrictsWithoutChangingScores()
    {
        var plain = await Search("""{"match":{"title":"bluetooth"}}""");
        var filtered = await Search("""{"bool":{"must":{"match":{"title":"bluetooth"}},"filter":[{"term":{"category":"Audio"}},{"term":{"in_stock":true}}]}}""");

        Assert.Equal(["5"], filtered.Ids);
        Assert.Equal(plain.Score("5"), filtered.Score("5"), 5);
    }

    [Fact]
    public async Task Bool_FilterOnly_ScoresZero()
    {
        var reply = await Search("""{"bool":{"filter":{"term":{"category":"Electronics"}}}}""");

        Assert.Equal(["1", "3", "5"], reply.Ids.Order());
        Assert.All(reply.Hits.EnumerateArray(), h => Assert.Equal(0.0, h.GetProperty("_score").GetDouble()));
    }

    [Fact]
    public async Task Bool_MustNot_ExcludesMatches()
    {
        var reply = await Search("""{"bool":{"must":{"match":{"title":"bluetooth"}},"must_not":{"term":{"brand":"Sony"}}}}""");

        Assert.Equal(["5"], reply.Ids);
    }

    [Fact]
    public async Task Bool_MustNotOnly_MatchesEverythingElse()
    {
        var reply = await Search("""{"bool":{"must_not":[{"term":{"brand":"Sony"}}]}}""");

        Assert.Equal(["1", "2", "4", "5", "6"], reply.Ids.Order());
    }

    [Fact]
    public async Task Bool_ShouldOnly_RequiresAtLeastOneMatch()
    {
        var reply = await Search("""{"bool":{"should":[{"term":{"brand":"Sony"}},{"term":{"brand":"Nike"}}]}}""");

        Assert.Equal(["3", "4"], reply.Ids.Order());
    }

    [Fact]
    public async Task Bool_ShouldWithMust_IsOptionalButAddsScore()
    {
        var reply = await Search("""{"bool":{"must":{"match_all":{}},"should":{"term":{"brand":"Sony"}}}}""");

        Assert.Equal(6, reply.TotalValue);
        Assert.Equal("3", reply.Ids[0]);
        Assert.True(reply.Score("3") > reply.Score("1"));
    }

    [Fact]
    public async Task Bool_ShouldWithFilter_IsOptional()
    {
        var reply = await Search("""{"bool":{"filter":{"term":{"in_stock":false}},"should":{"term":{"brand":"Nike"}}}}""");

        Assert.Equal(["3", "6"], reply.Ids.Order());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"67%\"")]
    [InlineData("-1")]
    public async Task Bool_MinimumShouldMatch_CountsShouldClauses(string minimum)
    {
        var reply = await Search($$$"""{"bool":{"should":[{"match":{"title":"kindle"}},{"match":{"title":"waterproof"}},{"match":{"title":"bluetooth"}}],"minimum_should_match":{{{minimum}}}}}""");

        Assert.Equal(["1", "5"], reply.Ids.Order());
    }

    [Fact]
    public async Task Bool_NestedBooleans()
    {
        var reply = await Search("""
            {"bool":{"must":[
              {"bool":{"should":[{"term":{"brand":"Amazon"}},{"term":{"brand":"JBL"}}]}},
              {"bool":{"must_not":{"range":{"price":{"gt":100}}}}}
            ]}}
            """);

        Assert.Equal(["5"], reply.Ids);
    }

    [Fact]
    public async Task Bool_Empty_MatchesAll()
    {
        Assert.Equal(6, (await Search("""{"bool":{}}""")).TotalValue);
    }

    private Task<EsReply> Search(string query) => _es.SearchAsync(_index, $$"""{"query":{{query}}}""");
}
