using System.Text;
using System.Text.Json;
using Sidecar.Proxy;
using Sidecar.Search;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Search;

public sealed class UpstreamSearchBodyTests
{
    private static JsonElement Build(string body, int window, SourceSpec? widened = null)
    {
        using var plan = Fixtures.Plan(body);
        using var buffer = new PooledBuffer();
        UpstreamSearchBody.Write(buffer, plan, window, widened);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan)).RootElement.Clone();
    }

    [Fact]
    public void Write_AsksForTheWholeWindowFromTheTop()
    {
        var body = Build("""{"from":20,"size":10,"query":{"match":{"title":"phone"}}}""", 100);
        Assert.Equal(0, body.GetProperty("from").GetInt32());
        Assert.Equal(100, body.GetProperty("size").GetInt32());
        Assert.Equal("""{"match":{"title":"phone"}}""", body.GetProperty("query").GetRawText());
    }

    [Fact]
    public void Write_OtherKeys_AreCopiedVerbatimInOrder()
    {
        var raw = """{"query":{"match_all":{}},"aggs":{"b":{"terms":{"field":"brand","size":3}}},"track_total_hits":true,"highlight":{"fields":{"title":{}}}}""";
        var body = Build(raw, 50);
        Assert.Equal(["query", "aggs", "track_total_hits", "highlight", "from", "size"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"b":{"terms":{"field":"brand","size":3}}}""", body.GetProperty("aggs").GetRawText());
    }

    [Fact]
    public void Write_WidenedSource_ReplacesClientSource()
    {
        var body = Build("""{"_source":["title"]}""", 100, new SourceSpec(true, ["title", "rating"], []));
        Assert.Equal("""{"includes":["title","rating"]}""", body.GetProperty("_source").GetRawText());
    }

    [Fact]
    public void Write_EmptyClientBody_StillSetsWindow()
    {
        var body = Build("", 100);
        Assert.Equal("""{"from":0,"size":100}""", body.GetRawText());
    }
}
