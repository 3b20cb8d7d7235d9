using System.Text.Json;
using Sidecar.Enrichment;

namespace Sidecar.Tests.Enrichment;

public sealed class ItemTextTests
{
    private static string? Build(string json, ItemEmbeddingOptions? options = null)
    {
        using var doc = JsonDocument.Parse(json);
        return ItemText.Build(doc.RootElement, options ?? ItemEmbeddingOptions.Default);
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var o = new ItemEmbeddingOptions();
        Assert.Equal("embedding", o.Field);
        Assert.Equal(["title", "brand", "category"], o.TextFields);
        Assert.Equal(" | ", o.Separator);
        Assert.Equal(1000, o.MaxTextChars);
    }

    [Fact]
    public void Options_InvalidValues_Throw()
    {
        Assert.Throws<ArgumentException>(() => new ItemEmbeddingOptions { Field = " " });
        Assert.Throws<ArgumentException>(() => new ItemEmbeddingOptions { Field = "vectors.title" });
        Assert.Throws<ArgumentException>(() => new ItemEmbeddingOptions { TextFields = [] });
        Assert.Throws<ArgumentException>(() => new ItemEmbeddingOptions { TextFields = ["title", "embedding"] });
        Assert.Throws<ArgumentException>(() => new ItemEmbeddingOptions { TextFields = ["name"], Field = "name" });
        Assert.Equal("title", new ItemEmbeddingOptions { Field = "title", TextFields = ["name"] }.Field); // either order works
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemEmbeddingOptions { MaxTextChars = 0 });
    }

    [Fact]
    public void Build_ConfiguredFieldsInOrder_JoinedWithSeparator()
    {
        Assert.Equal("Aria 5 | Sono | Headphones",
            Build("""{"category":"Headphones","price":99,"brand":"Sono","title":"Aria 5"}"""));
    }

    [Fact]
    public void Build_ArrayField_LevelsJoinedWithChevron()
    {
        Assert.Equal("Aria 5 | Sono | Audio > Headphones > Over-ear",
            Build("""{"title":"Aria 5","brand":"Sono","category":["Audio","Headphones","Over-ear"]}"""));
    }

    [Fact]
    public void Build_MissingNullEmptyAndNonTextValues_Skipped()
    {
        Assert.Equal("Aria 5 | Audio > Headphones",
            Build("""{"title":"  Aria 5 ","brand":"","category":["Audio",null,"","Headphones",{"x":1}]}"""));
        Assert.Equal("Sono", Build("""{"title":null,"brand":"Sono","category":[]}"""));
        Assert.Equal("42 | Sono", Build("""{"title":42,"brand":"Sono","category":true}"""));
    }

    [Fact]
    public void Build_NothingToEmbed_ReturnsNull()
    {
        Assert.Null(Build("""{"price":10,"title":"   ","category":[[], null]}"""));
        Assert.Null(Build("""[1,2]"""));
    }

    [Fact]
    public void Build_LongText_TruncatedToMaxChars()
    {
        var options = new ItemEmbeddingOptions { MaxTextChars = 10 };
        Assert.Equal("abcdefghij", Build("""{"title":"abcdefghijklmnop","brand":"Sono"}""", options));
        Assert.Equal("abcd |", Build("""{"title":"abcd","brand":"Sono"}""", options with { MaxTextChars = 7 }));
    }

    [Fact]
    public void Build_TruncationInsideSurrogatePair_DropsTheHalf()
    {
        Assert.Equal("ab", Build("""{"title":"ab😀cd"}""", new ItemEmbeddingOptions { MaxTextChars = 3 }));
    }

    [Fact]
    public void Build_DottedFieldsAndCustomSeparator_Resolved()
    {
        var options = new ItemEmbeddingOptions { TextFields = ["name", "meta.brand", "cat.path"], Separator = " / " };
        Assert.Equal("Lamp / Lumo / Home > Lighting",
            Build("""{"name":"Lamp","meta":{"brand":"Lumo"},"cat.path":["Home","Lighting"]}""", options));
    }

    [Fact]
    public void TouchesText_PartialDoc_TrueOnlyWithATextField()
    {
        using var withBrand = JsonDocument.Parse("""{"brand":"Sono","price":3}""");
        using var priceOnly = JsonDocument.Parse("""{"price":3,"title":null}""");
        Assert.True(ItemText.TouchesText(withBrand.RootElement, ItemEmbeddingOptions.Default));
        Assert.False(ItemText.TouchesText(priceOnly.RootElement, ItemEmbeddingOptions.Default));
    }
}
