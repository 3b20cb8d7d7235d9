using System.Text;
using System.Text.Json;
using Sidecar.Search;

namespace Sidecar.Tests.Search;

public sealed class SourceFilterTests
{
    private const string Doc = """{"title":"Phone","brand":"Acme","price":10.5,"meta":{"a":1,"b":{"c":2,"d":3}},"tags":["x","y"]}""";

    private static string Filter(SourceSpec spec)
    {
        using var doc = JsonDocument.Parse(Doc);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            SourceFilter.Write(w, doc.RootElement, spec);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Write_Includes_KeepOnlyThoseFields()
    {
        Assert.Equal("""{"title":"Phone","price":10.5}""", Filter(new SourceSpec(true, ["title", "price"], [])));
    }

    [Fact]
    public void Write_WildcardAndDottedIncludes_FollowElasticsearch()
    {
        Assert.Equal("""{"meta":{"b":{"c":2}}}""", Filter(new SourceSpec(true, ["meta.b.c"], [])));
        Assert.Equal("""{"title":"Phone","tags":["x","y"]}""", Filter(new SourceSpec(true, ["t*"], [])));
        Assert.Equal("""{"meta":{"a":1,"b":{"c":2,"d":3}}}""", Filter(new SourceSpec(true, ["meta"], [])));
    }

    [Fact]
    public void Write_Excludes_RemoveFieldsAndSubtrees()
    {
        Assert.Equal("""{"title":"Phone","brand":"Acme","price":10.5,"meta":{"a":1},"tags":["x","y"]}""",
            Filter(new SourceSpec(true, [], ["meta.b"])));
        Assert.Equal("""{"meta":{"a":1,"b":{"d":3}}}""", Filter(new SourceSpec(true, ["meta"], ["*.c"])));
    }

    [Fact]
    public void Write_IncludeThatMatchesNothing_ReturnsEmptyObject()
    {
        Assert.Equal("{}", Filter(new SourceSpec(true, ["nope", "meta.zzz"], [])));
    }

    [Fact]
    public void WidenFor_ClientIncludes_AddsNeededFieldsOnly()
    {
        var widened = new SourceSpec(true, ["title"], []).WidenFor(["rating", "title"]);
        Assert.NotNull(widened);
        Assert.Equal(["title", "rating"], widened.Includes);
    }

    [Fact]
    public void WidenFor_SourceDisabled_FetchesOnlyNeededFields()
    {
        var widened = SourceSpec.None.WidenFor(["rating"]);
        Assert.Equal(["rating"], widened!.Includes);
    }

    [Fact]
    public void WidenFor_DefaultSourceOrNoNeededFields_ChangesNothing()
    {
        Assert.Null(SourceSpec.All.WidenFor(["rating"]));
        Assert.Null(new SourceSpec(true, ["title"], []).WidenFor([]));
    }

    [Fact]
    public void ForFirstStage_LeavesTheVectorFieldOut_UnlessTheClientNamesIt()
    {
        var all = SourceSpec.All.ForFirstStage(["rating"], "embedding");
        Assert.NotNull(all);
        Assert.Equal(["embedding"], all.Excludes);
        Assert.Empty(all.Includes);

        var clientExcludes = new SourceSpec(true, [], ["description"]).ForFirstStage([], "embedding");
        Assert.Equal(["description", "embedding"], clientExcludes!.Excludes);

        var named = new SourceSpec(true, ["title", "embedding"], []).ForFirstStage(["rating"], "embedding");
        Assert.Equal(["title", "embedding", "rating"], named!.Includes);
        Assert.Empty(named.Excludes);

        Assert.Null(SourceSpec.None.ForFirstStage([], "embedding")); // nothing fetched, nothing to leave out
        Assert.Null(SourceSpec.All.ForFirstStage(["rating"], null));
    }
}
