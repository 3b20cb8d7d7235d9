namespace Sidecar.Text.Tests;

public class ConcurrencyTests
{
    private static readonly string[] Queries =
    [
        "华为智能手机 5G", "蓝牙降噪耳机", "苹果 iPhone 15 手机壳", "我来到北京清华大学", "他来到了网易杭研大厦",
        "The Wireless Headphones for Kids", "ＵＳＢ－Ｃ 充电线", "夏季纯棉短袖T恤", "机械键盘青轴", "老人手机大字大声",
    ];

    [Fact]
    public async Task Analyze_ConcurrentCalls_GiveSameResultsAsSequential()
    {
        var analyzer = new QueryAnalyzer(new QuerySegmenter(ChineseSegmenter.Shared));
        var expected = Queries.Select(q => string.Join('|', analyzer.Analyze(q).Terms) + "#" + string.Join('|', analyzer.Analyze(q).SubWords)).ToArray();
        var failures = 0;
        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var index = (i + worker) % Queries.Length;
                var result = analyzer.Analyze(Queries[index]);
                if (string.Join('|', result.Terms) + "#" + string.Join('|', result.SubWords) != expected[index])
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(tasks);
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Shared_ConcurrentFirstUse_LoadsOnce()
    {
        var instances = new ChineseSegmenter[8];
        Parallel.For(0, instances.Length, i => instances[i] = ChineseSegmenter.Shared);
        Assert.All(instances, s => Assert.Same(ChineseSegmenter.Shared, s));
    }
}
