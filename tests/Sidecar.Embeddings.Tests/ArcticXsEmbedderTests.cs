namespace Sidecar.Embeddings.Tests;

public sealed class ArcticXsEmbedderTests(ArcticXsFixture fixture, ITestOutputHelper output) : IClassFixture<ArcticXsFixture>
{
    private readonly OnnxTextEmbedder _embedder = fixture.Embedder;

    [Fact]
    public void Load_ArcticXs_UsesClsPoolingAndQueryPrefix()
    {
        output.WriteLine(_embedder.ToString());
        Assert.Equal(384, _embedder.Dimensions);
        Assert.Equal(PoolingMode.Cls, _embedder.Options.Pooling);
        Assert.Equal("Represent this sentence for searching relevant passages: ", _embedder.Options.QueryPrefix);
        Assert.Equal("", _embedder.Options.DocumentPrefix);
    }

    [Fact]
    public void EmbedQuery_ArcticXs_ProducesUnitVectors()
    {
        TestVectors.AssertUnit(_embedder.EmbedQuery("wireless headphones"));
        foreach (var vector in _embedder.EmbedDocuments(["bluetooth earbuds", "oak dining table", ""]))
        {
            TestVectors.AssertUnit(vector);
        }
    }

    [Fact]
    public void EmbedQuery_ArcticXs_AppliesQueryPrefix()
    {
        const string text = "wireless headphones";
        var query = _embedder.EmbedQuery(text);
        var withoutPrefix = _embedder.EmbedDocuments([text])[0];
        var prefixedByHand = _embedder.EmbedDocuments([EmbeddingModelOptions.ArcticQueryPrefix + text])[0];

        Assert.True(VectorMath.Dot(query, withoutPrefix) < 0.99f, "query embedding should differ without the prefix");
        TestVectors.AssertClose(prefixedByHand, query, 1e-5f);
    }

    [Fact]
    public void EmbedDocuments_ArcticXs_UsesClsPooling()
    {
        string[] texts = ["bluetooth earbuds with charging case", "oak dining table"];
        var documents = _embedder.EmbedDocuments(texts);
        var cls = _embedder.Embed(texts, "", 512, PoolingMode.Cls, batchSize: 2);
        var mean = _embedder.Embed(texts, "", 512, PoolingMode.Mean, batchSize: 2);

        for (var i = 0; i < texts.Length; i++)
        {
            TestVectors.AssertClose(cls[i], documents[i], 1e-4f);
            Assert.True(VectorMath.Dot(mean[i], documents[i]) < 0.999f, "CLS and mean pooling should differ");
        }
    }

    [Fact]
    public void EmbedQuery_ArcticXs_RanksEarbudsAboveTableForHeadphonesQuery()
    {
        var query = _embedder.EmbedQuery("wireless headphones");
        var documents = _embedder.EmbedDocuments(["bluetooth earbuds", "oak dining table"]);
        var near = VectorMath.Dot(query, documents[0]);
        var far = VectorMath.Dot(query, documents[1]);
        output.WriteLine($"arctic: cos(q:headphones, earbuds) = {near:F4}; cos(q:headphones, table) = {far:F4}");
        Assert.True(near > far + 0.05f, $"{near} vs {far}");
    }

    [Fact]
    public void EmbedDocuments_ArcticXs_BatchEqualsSingleRegardlessOfPadding()
    {
        string[] texts = ["x", "a much longer product title: espresso machine with milk frother, 15 bar, stainless", "tea"];
        var batched = _embedder.EmbedDocuments(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            TestVectors.AssertClose(_embedder.EmbedDocuments([texts[i]])[0], batched[i], 1e-4f);
        }
    }
}
