using Sidecar.Proxy;

namespace Sidecar.Tests.Proxy;

public sealed class SidecarRouterTests
{
    [Theory]
    [InlineData("/products/_search", "products")]
    [InlineData("/products/_search/", "products")]
    [InlineData("/a,b*/_search", "a,b*")]
    [InlineData("/_all/_search", "_all")]
    public void TryGetSearchTarget_SearchOnAnIndex_YieldsTarget(string path, string target)
    {
        Assert.True(SidecarRouter.TryGetSearchTarget(path, out var t));
        Assert.Equal(target, t);
    }

    [Theory]
    [InlineData("/_search")]
    [InlineData("/products/_msearch")]
    [InlineData("/products/_search/template")]
    [InlineData("/products/_doc/_search")]
    [InlineData("/_cat/_search")]
    [InlineData("/products/_searchx")]
    [InlineData("//_search")]
    public void TryGetSearchTarget_OtherPaths_AreNotSearches(string path)
    {
        Assert.False(SidecarRouter.TryGetSearchTarget(path, out _));
    }
}
