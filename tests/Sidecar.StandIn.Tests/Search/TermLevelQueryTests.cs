using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class TermLevelQueryTests : IClassFixture<StandInFixture>, IAsyncLifetime
{
    private readonly EsHttp _es;
    private string _index = "";

    public TermLevelQueryTests(StandInFixture fixture) => _es = fixture.Http;

    public async ValueTask InitializeAsync() => _index = await _es.CreateProductsIndexAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Term_OnKeywordField_IsExactAndCaseSensitive()
    {
        Assert.Equal(["3"], (await Search("""{"term":{"brand":"Sony"}}""")).Ids);
        Assert.Equal(["3"], (await Search("""{"term":{"brand":{"value":"Sony","boost":2}}}""")).Ids);
        Assert.Empty((await Search("""{"term":{"brand":"SONY"}}""")).Ids);
    }

    [Fact]
    public async Task Term_OnTextField_IsNotAnalyzed()
    {
        Assert.Empty((await Search("""{"term":{"title":"Headphones"}}""")).Ids);
        Assert.Equal(["3"], (await Search("""{"term":{"title":"headphon"}}""")).Ids);
        Assert.Equal(["2"], (await Search("""{"term":{"title.keyword":"Kindle case cover for Paperwhite"}}""")).Ids);
    }

    [Fact]
    public async Task Term_OnBooleanAndNumericFields()
    {
        Assert.Equal(["3", "6"], (await Search("""{"term":{"in_stock":false}}""")).Ids.Order());
        Assert.Equal(["4"], (await Search("""{"term":{"rating_count":870}}""")).Ids);
        Assert.Equal(["1"], (await Search("""{"term":{"rating":4.6}}""")).Ids);
    }

    [Fact]
    public async Task Terms_MatchesAnyValueWithConstantScore()
    {
        var reply = await Search("""{"terms":{"brand":["Sony","JBL","Nobody"],"boost":1.5}}""");

        Assert.Equal(["3", "5"], reply.Ids.Order());
        Assert.All(reply.Hits.EnumerateArray(), h => Assert.Equal(1.5, h.GetProperty("_score").GetDouble(), 4));
    }

    [Theory]
    [InlineData("""{"range":{"price":{"gte":50,"lt":150}}}""", new[] { "1", "4" })]
    [InlineData("""{"range":{"price":{"gt":49.95}}}""", new[] { "1", "3", "4" })]
    [InlineData("""{"range":{"price":{"lte":49.95}}}""", new[] { "2", "5" })]
    [InlineData("""{"range":{"rating_count":{"gte":1000}}}""", new[] { "1", "3", "5" })]
    [InlineData("""{"range":{"rating_count":{"gt":869.5,"lt":871}}}""", new[] { "4" })]
    [InlineData("""{"range":{"rating":{"gte":4.6}}}""", new[] { "1", "3", "6" })]
    [InlineData("""{"range":{"released":{"gte":"2021-01-01","lt":"2022-01-01"}}}""", new[] { "1", "5" })]
    [InlineData("""{"range":{"released":{"lte":"2020-01-15"}}}""", new[] { "2", "4" })]
    [InlineData("""{"range":{"released":{"gte":"now-200y/d"}}}""", new[] { "1", "2", "3", "4", "5" })]
    [InlineData("""{"range":{"brand":{"gte":"M","lt":"O"}}}""", new[] { "4", "6" })]
    public async Task Range_OnNumbersDatesAndKeywords(string query, string[] expected)
    {
        var reply = await Search(query);

        Assert.Equal(expected, reply.Ids.Order());
        Assert.All(reply.Hits.EnumerateArray(), h => Assert.Equal(1.0, h.GetProperty("_score").GetDouble()));
    }

    [Fact]
    public async Task Exists_MatchesDocsWithAValue()
    {
        Assert.Equal(["1", "2", "3", "4", "5"], (await Search("""{"exists":{"field":"price"}}""")).Ids.Order());
        Assert.Equal(["1"], (await Search("""{"exists":{"field":"embedding"}}""")).Ids);
        Assert.Empty((await Search("""{"exists":{"field":"nothing"}}""")).Ids);
    }

    [Fact]
    public async Task Ids_ReturnsRequestedDocuments()
    {
        Assert.Equal(["2", "4"], (await Search("""{"ids":{"values":["2","4","99"]}}""")).Ids.Order());
    }

    [Fact]
    public async Task MatchAllAndMatchNone()
    {
        var all = await Search("""{"match_all":{}}""");
        var none = await Search("""{"match_none":{}}""");

        Assert.Equal(6, all.TotalValue);
        Assert.Contains("\"_score\":1.0,", all.Body);
        Assert.All(all.Hits.EnumerateArray(), h => Assert.Equal(1.0, h.GetProperty("_score").GetDouble()));
        Assert.Equal(0, none.TotalValue);
    }

    [Fact]
    public async Task ConstantScore_ScoresWithItsBoost()
    {
        var reply = await Search("""{"constant_score":{"filter":{"match":{"title":"bluetooth"}},"boost":2.5}}""");

        Assert.Equal(["3", "5"], reply.Ids.Order());
        Assert.All(reply.Hits.EnumerateArray(), h => Assert.Equal(2.5, h.GetProperty("_score").GetDouble(), 4));
    }

    [Fact]
    public async Task DisMax_TakesBestClause()
    {
        var reply = await Search("""{"dis_max":{"queries":[{"term":{"brand":"Sony"}},{"match":{"title":"headphones"}}]}}""");

        Assert.Equal(["3"], reply.Ids);
    }

    [Fact]
    public async Task PrefixAndWildcard()
    {
        Assert.Equal(["2"], (await Search("""{"prefix":{"brand":"Fin"}}""")).Ids);
        Assert.Equal(["2"], (await Search("""{"wildcard":{"title.keyword":"*Paperwhite"}}""")).Ids);
        Assert.Equal(["2"], (await Search("""{"prefix":{"brand":{"value":"fin","case_insensitive":true}}}""")).Ids);
    }

    private Task<EsReply> Search(string query) => _es.SearchAsync(_index, $$"""{"query":{{query}}}""");
}
