using System.Text;
using System.Text.Json;

namespace Sidecar.Embeddings.Tests;

public sealed class VectorJsonTests
{
    [Fact]
    public void Parse_Utf8Bytes_ReadsNumbers() =>
        Assert.Equal([0.5f, -2f, 1e-3f, 3f], VectorJson.Parse(" [0.5, -2, 1e-3, 3.0] "u8));

    [Fact]
    public void Parse_JsonElement_ReadsNumbers()
    {
        using var document = JsonDocument.Parse("""{"title":"x","embedding":[1.25,-0.5,0]}""");
        var embedding = document.RootElement.GetProperty("embedding");

        Assert.Equal([1.25f, -0.5f, 0f], VectorJson.Parse(embedding));
        Span<float> destination = stackalloc float[4];
        Assert.Equal(3, VectorJson.Parse(embedding, destination));
    }

    [Fact]
    public void Read_ReaderInsideObject_LeavesReaderOnEndArray()
    {
        var reader = new Utf8JsonReader("""{"v":[1,2,3],"next":true}"""u8);
        reader.Read(); // {
        reader.Read(); // "v"
        reader.Read(); // [

        var vector = VectorJson.Read(ref reader);

        Assert.Equal([1f, 2f, 3f], vector);
        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
        Assert.True(reader.Read());
        Assert.Equal("next", reader.GetString());
    }

    [Fact]
    public void Read_LongArray_GrowsBuffer()
    {
        var values = Enumerable.Range(0, 1500).Select(i => i / 8f).ToArray();
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]");
        Assert.Equal(values, VectorJson.Parse(json));
    }

    [Fact]
    public void Read_IntoSpan_ReturnsCountWithoutAllocatingResult()
    {
        var reader = new Utf8JsonReader("[4,5]"u8);
        Span<float> destination = stackalloc float[3];
        Assert.Equal(2, VectorJson.Read(ref reader, destination));
        Assert.Equal(5f, destination[1]);
    }

    [Fact]
    public void Parse_EmptyArray_GivesEmptyVector() => Assert.Empty(VectorJson.Parse("[]"u8));

    [Fact]
    public void Parse_BadInput_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => VectorJson.Parse("[1,\"two\"]"u8));
        Assert.Throws<JsonException>(() => VectorJson.Parse("{\"a\":1}"u8));
        Assert.ThrowsAny<JsonException>(() => VectorJson.Parse("[1,2"u8));
        using var document = JsonDocument.Parse("[1,null]");
        Assert.Throws<JsonException>(() => VectorJson.Parse(document.RootElement));
    }

    [Fact]
    public void Read_DestinationTooSmall_Throws()
    {
        var threw = false;
        try
        {
            var reader = new Utf8JsonReader("[1,2,3]"u8);
            VectorJson.Read(ref reader, new float[2]);
        }
        catch (ArgumentException)
        {
            threw = true;
        }

        Assert.True(threw);
    }
}
