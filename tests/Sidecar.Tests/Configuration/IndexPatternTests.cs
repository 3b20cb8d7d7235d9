using Sidecar.Configuration;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Configuration;

public sealed class IndexPatternTests
{
    [Theory]
    [InlineData("products", "products", true)]
    [InlineData("products", "products2", false)]
    [InlineData("products-*", "products-2024", true)]
    [InlineData("products-*", "products-", true)]
    [InlineData("products-*", "products", false)]
    [InlineData("*", "anything", true)]
    [InlineData("*-eu-*", "shop-eu-1", true)]
    [InlineData("*-eu-*", "shop-us-1", false)]
    public void Matches_SimpleWildcards(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, new IndexPattern(pattern).Matches(name));
    }

    [Theory]
    [InlineData("products", true)]
    [InlineData("products,products", true)]
    [InlineData("products,logs", false)]
    [InlineData("products,-logs", true)]
    [InlineData("catalog-eu,products", true)]
    [InlineData("catalog-*", true)]
    [InlineData("catalog*", false)]
    [InlineData("_all", false)]
    [InlineData("", false)]
    [InlineData(",", false)]
    public void MatchesTarget_EveryIndexOfTheTargetMustBeCovered(string target, bool expected)
    {
        var profile = Fixtures.Profile("""
                  - { name: s, type: first_stage_score }
            """);
        var p = new Sidecar.Ranking.RerankProfile("p", [new IndexPattern("products"), new IndexPattern("catalog-*")], 100, 50, profile.Reranker);
        Assert.Equal(expected, p.MatchesTarget(target));
    }
}
