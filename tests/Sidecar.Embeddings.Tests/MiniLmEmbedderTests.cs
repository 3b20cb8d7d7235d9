namespace Sidecar.Embeddings.Tests;

public sealed class MiniLmEmbedderTests(MiniLmFixture fixture, ITestOutputHelper output) : IClassFixture<MiniLmFixture>
{
    private readonly OnnxTextEmbedder _embedder = fixture.Embedder;

    [Fact]
    public void Load_MiniLm_Reports384DimensionsAndLoadTime()
    {
        output.WriteLine(_embedder.ToString());
        Assert.Equal("minilm-l6-v2", _embedder.Name);
        Assert.Equal(384, _embedder.Dimensions);
        Assert.Equal(PoolingMode.Mean, _embedder.Options.Pooling);
        Assert.InRange(_embedder.LoadTime, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void EmbedQuery_MiniLm_WirelessHeadphonesCloserToEarbudsThanTable()
    {
        var headphones = _embedder.EmbedQuery("wireless headphones");
        var earbuds = _embedder.EmbedQuery("bluetooth earbuds");
        var table = _embedder.EmbedQuery("oak dining table");

        var near = VectorMath.Dot(headphones, earbuds);
        var far = VectorMath.Dot(headphones, table);
        output.WriteLine($"cos(headphones, earbuds) = {near:F4}; cos(headphones, table) = {far:F4}");
        Assert.Equal(0.618, near, 0.01);
        Assert.Equal(0.018, far, 0.01);
        TestVectors.AssertUnit(headphones);
    }

    [Fact]
    public void EmbedDocuments_MiniLm_BatchEqualsSingleRegardlessOfPadding()
    {
        string[] texts =
        [
            "usb-c cable",
            "Sony WH-1000XM5 wireless noise cancelling over-ear headphones, black",
            "oak dining table",
            "a",
            "stainless steel water bottle 1 litre, vacuum insulated, keeps drinks cold for 24 hours",
            "café crème",
            "",
        ];

        var batched = _embedder.EmbedDocuments(texts, batchSize: 32);
        var smallBatches = _embedder.EmbedDocuments(texts, batchSize: 3);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = _embedder.EmbedDocuments([texts[i]], batchSize: 1)[0];
            TestVectors.AssertClose(single, batched[i], 1e-4f);
            TestVectors.AssertClose(single, smallBatches[i], 1e-4f);
            TestVectors.AssertUnit(batched[i]);
        }
    }

    [Fact]
    public void EmbedDocuments_MiniLm_EmptyListGivesEmptyResult() =>
        Assert.Empty(_embedder.EmbedDocuments([]));

    [Fact]
    public async Task EmbedQuery_MiniLm_ConcurrentCallsFrom8ThreadsAreIdentical()
    {
        var texts = Enumerable.Range(0, 24).Select(i => $"concurrency probe {i}: red running shoes size {40 + i}").ToArray();
        var expected = texts.Select(t => _embedder.EmbedDocuments([t], batchSize: 1)[0]).ToArray();
        using var start = new Barrier(8);

        var results = Enumerable.Range(0, 8).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                var mine = new float[texts.Length][];
                for (var k = 0; k < texts.Length; k++)
                {
                    var i = (k + (thread * 5)) % texts.Length; // threads race on different keys first
                    mine[i] = thread % 2 == 0 ? _embedder.EmbedQuery(texts[i]) : _embedder.EmbedDocuments([texts[i]])[0];
                }

                return mine;
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var perThread = await Task.WhenAll(results);

        foreach (var mine in perThread)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(expected[i], mine[i]);
            }
        }
    }

    [Fact]
    public async Task EmbedQuery_MiniLm_SecondCallHitsCacheAndReturnsCallerOwnedCopy()
    {
        const string text = "cache probe: ergonomic office chair";
        var before = _embedder.QueryCacheStatistics;
        var first = _embedder.EmbedQuery(text);
        first[0] = 42f; // must not corrupt the cached vector
        var second = await _embedder.EmbedQueryAsync(text, TestContext.Current.CancellationToken);
        var after = _embedder.QueryCacheStatistics;

        Assert.NotEqual(42f, second[0]);
        Assert.Equal(_embedder.EmbedDocuments([text])[0], second);
        Assert.True(after.Hits > before.Hits, $"hits {before.Hits} -> {after.Hits}");
        Assert.True(after.Misses > before.Misses, $"misses {before.Misses} -> {after.Misses}");
    }

    [Fact]
    public void EmbedQuery_MiniLm_TruncatesToMaxQueryTokens()
    {
        var body = string.Join(' ', Enumerable.Repeat("kitchen", 200));
        var apple = _embedder.EmbedQuery(body + " apple");
        var zebra = _embedder.EmbedQuery(body + " zebra");

        Assert.Equal(apple, zebra); // both cut after 128 tokens, before the last word
        Assert.NotEqual(_embedder.EmbedQuery("kitchen apple"), _embedder.EmbedQuery("kitchen zebra"));
        TestVectors.AssertUnit(apple);
    }

    [Fact]
    public void Extract_MiniLm_WritesModelAndVocabThatLoadToTheSameEmbeddings()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sidecar-embeddings-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = ModelBundle.Extract(ModelBundle.DefaultPath(ModelBundle.MiniLmFileName), directory);
            Assert.True(new FileInfo(files.ModelPath).Length > 80_000_000);
            Assert.Equal(30522, File.ReadAllLines(files.VocabPath).Length);

            using var fromFiles = new OnnxTextEmbedder(new EmbeddingModelOptions
            {
                Name = "minilm-files",
                ModelPath = files.ModelPath,
                VocabPath = files.VocabPath,
                QueryCacheSize = 0,
                WarmUp = false,
            });
            TestVectors.AssertClose(_embedder.EmbedQuery("wireless headphones"), fromFiles.EmbedQuery("wireless headphones"), 1e-6f);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
