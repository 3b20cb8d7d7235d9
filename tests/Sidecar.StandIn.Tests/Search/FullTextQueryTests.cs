using System.Net;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Search;

public sealed class FullTextQueryTests : IClassFixture<StandInFixture>, IAsyncLifetime
{
    private readonly EsHttp _es;
    private string _index = "";

    public FullTextQueryTests(StandInFixture fixture) => _es = fixture.Http;

    public async ValueTask InitializeAsync() => _index = await _es.CreateProductsIndexAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Match_DefaultOperatorOr_ReturnsDocsWithAnyTerm()
    {
        var reply = await Search("""{"match":{"title":"kindle waterproof"}}""");

        Assert.Equal("1", reply.Ids[0]);
        Assert.Equal(["1", "2", "5"], reply.Ids.Order());
    }

    [Fact]
    public async Task Match_WithOperatorAnd_ReturnsOnlyDocsWithAllTerms()
    {
        var reply = await Search("""{"match":{"title":{"query":"kindle waterproof","operator":"and"}}}""");

        Assert.Equal(["1"], reply.Ids);
    }

    [Fact]
    public async Task Match_WithMinimumShouldMatch_RequiresThatManyTerms()
    {
        var count = await Search("""{"match":{"title":{"query":"kindle bluetooth waterproof","minimum_should_match":2}}}""");
        var percent = await Search("""{"match":{"title":{"query":"kindle bluetooth waterproof","minimum_should_match":"67%"}}}""");

        Assert.Equal(["1", "5"], count.Ids.Order());
        Assert.Equal(["1", "5"], percent.Ids.Order());
    }

    [Fact]
    public async Task Match_WithBoost_MultipliesScore()
    {
        var plain = await Search("""{"match":{"title":"headphones"}}""");
        var boosted = await Search("""{"match":{"title":{"query":"headphones","boost":3}}}""");

        Assert.Equal(3 * plain.Score("3"), boosted.Score("3"), 4);
    }

    [Fact]
    public async Task Match_OnKeywordField_IsExact()
    {
        Assert.Equal(["3"], (await Search("""{"match":{"brand":"Sony"}}""")).Ids);
        Assert.Empty((await Search("""{"match":{"brand":"sony"}}""")).Ids);
    }

    [Fact]
    public async Task Match_OnNumericField_MatchesValue()
    {
        Assert.Equal(["4"], (await Search("""{"match":{"price":89.5}}""")).Ids);
    }

    [Fact]
    public async Task Match_OnUnmappedField_MatchesNothing()
    {
        Assert.Empty((await Search("""{"match":{"no_such_field":"kindle"}}""")).Ids);
    }

    [Fact]
    public async Task MatchPhrase_RequiresAdjacentTermsUnlessSlop()
    {
        var exact = await Search("""{"match_phrase":{"title":"bluetooth speaker"}}""");
        var gap = await Search("""{"match_phrase":{"title":"bluetooth waterproof"}}""");
        var slop = await Search("""{"match_phrase":{"title":{"query":"bluetooth waterproof","slop":1}}}""");

        Assert.Equal(["5"], exact.Ids);
        Assert.Empty(gap.Ids);
        Assert.Equal(["5"], slop.Ids);
    }

    [Fact]
    public async Task MultiMatch_BestFields_UsesBestFieldAndTieBreaker()
    {
        var best = await Search("""{"multi_match":{"query":"waterproof beach","fields":["title","description"]}}""");
        var most = await Search("""{"multi_match":{"query":"waterproof beach","fields":["title","description"],"type":"most_fields"}}""");
        var tie = await Search("""{"multi_match":{"query":"waterproof beach","fields":["title","description"],"tie_breaker":1.0}}""");

        Assert.Equal(["1", "5"], best.Ids.Order());
        Assert.True(most.Score("1") > best.Score("1"));
        Assert.Equal(most.Score("1"), tie.Score("1"), 4);
    }

    [Fact]
    public async Task MultiMatch_PhraseType_MatchesPhraseInAnyField()
    {
        var reply = await Search("""{"multi_match":{"query":"noise cancelling","type":"phrase","fields":["title","description"]}}""");

        Assert.Equal(["3"], reply.Ids);
    }

    [Fact]
    public async Task MultiMatch_WithOperatorAnd_AppliesPerField()
    {
        var reply = await Search("""{"multi_match":{"query":"running shoes","operator":"and","fields":["title","description"]}}""");

        Assert.Equal(["4"], reply.Ids);
    }

    [Fact]
    public async Task MultiMatch_WithoutFields_SearchesAllFields()
    {
        var reply = await Search("""{"multi_match":{"query":"Moleskine"}}""");

        Assert.Equal(["6"], reply.Ids);
    }

    [Theory]
    [InlineData("brand:Sony", new[] { "3" })]
    [InlineData("bluetooth AND waterproof", new[] { "5" })]
    [InlineData("title:kindle -brand:Fintie", new[] { "1" })]
    [InlineData("price:[50 TO 150]", new[] { "1", "4" })]
    [InlineData("title:\"bluetooth speaker\"", new[] { "5" })]
    public async Task UrlQParameter_UsesQueryStringSyntax(string q, string[] expected)
    {
        var reply = await _es.GetAsync($"/{_index}/_search?q={WebUtility.UrlEncode(q)}");

        Assert.Equal(expected, reply.Ids.Order());
    }

    [Fact]
    public async Task QueryStringQuery_WithFieldsAndDefaultOperator()
    {
        var reply = await Search("""{"query_string":{"query":"kindle cover","fields":["title"],"default_operator":"AND"}}""");

        Assert.Equal(["2"], reply.Ids);
    }

    private Task<EsReply> Search(string query) => _es.SearchAsync(_index, $$"""{"query":{{query}}}""");
}
