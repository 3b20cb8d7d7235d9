using System.Text;

namespace Sidecar.Text.Tests;

public class ChineseSegmenterTests
{
    private static ChineseSegmenter Segmenter => ChineseSegmenter.Shared;

    public static TheoryData<string> RealQueries =>
    [
        "华为智能手机", "蓝牙降噪耳机", "苹果手机壳", "小米扫地机器人", "无线蓝牙耳机运动型", "儿童保温杯带吸管",
        "我来到北京清华大学", "他来到了网易杭研大厦", "夏季纯棉短袖女装", "笔记本电脑散热器", "机械键盘青轴",
        "孕妇专用护肤品", "不锈钢保温饭盒", "电动牙刷软毛", "婴儿推车可坐可躺", "家用投影仪高清", "老人手机大字大声",
    ];

    [Fact]
    public void Shared_LoadsJiebaDictionary()
    {
        Assert.True(Segmenter.WordCount > 300_000, $"{Segmenter.WordCount} words");
        Assert.True(Segmenter.IsWord("智能手机"));
        Assert.False(Segmenter.IsWord("智能手机壳子"));
    }

    [Theory]
    [MemberData(nameof(RealQueries))]
    public void Cut_RealQueries_MatchesJiebaNet(string text)
    {
        Assert.Equal(JiebaReference.Cut(text), Segmenter.Cut(text));
    }

    [Fact]
    public void Cut_RandomTextFromDictionaryWords_MatchesJiebaNet()
    {
        // Concatenations of random dictionary words and random single characters: exercises the DAG route,
        // the single-character buffer and the HMM for unknown runs.
        var words = File.ReadLines(Path.Combine(ChineseSegmenter.DefaultDataDirectory, "dict.txt"))
            .Select(line => line.Split(' ')[0])
            .Where(w => w.All(c => c is >= '\u4E00' and <= '\u9FD5'))
            .ToArray();
        var random = new Random(20261204);
        var mismatches = new List<string>();
        for (var n = 0; n < 1500; n++)
        {
            var text = new StringBuilder();
            var parts = random.Next(1, 6);
            for (var p = 0; p < parts; p++)
            {
                text.Append(random.Next(4) == 0 ? (char)random.Next(0x4E00, 0x9FA5) : words[random.Next(words.Length)]);
            }

            var s = text.ToString();
            var expected = JiebaReference.Cut(s);
            var actual = Segmenter.Cut(s);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{s}: jieba.NET {string.Join('/', expected)} ours {string.Join('/', actual)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(10)));
    }

    [Fact]
    public void CutForSearch_LongWords_AddsTilingSubWords()
    {
        Assert.Equal(["我", "来到", "北京", "清华大学", "清华", "大学"], Segmenter.CutForSearch("我来到北京清华大学"));
    }

    [Fact]
    public void Cut_UnknownName_UsesHmm()
    {
        Assert.Contains("杭研", Segmenter.Cut("他来到了网易杭研大厦"));
    }

    [Fact]
    public void Load_UserWords_KeepsThemWhole()
    {
        var custom = ChineseSegmenter.Load(ChineseSegmenter.DefaultDataDirectory, ["荣耀畅玩"]);
        Assert.Contains("荣耀畅玩", custom.Cut("荣耀畅玩手机"));
        Assert.DoesNotContain("荣耀畅玩", Segmenter.Cut("荣耀畅玩手机"));
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsIOException()
    {
        Assert.ThrowsAny<IOException>(() => ChineseSegmenter.Load(Path.Combine(Path.GetTempPath(), "no-such-jieba-dir")));
    }

    [Fact]
    public void Load_TruncatedDictionary_ThrowsInvalidData()
    {
        var dir = Directory.CreateTempSubdirectory("jieba-bad").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "dict.txt"), "华为 373 nr\n");
            Assert.Throws<InvalidDataException>(() => ChineseSegmenter.Load(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Cut_LongText_UsesPooledBuffers()
    {
        var text = string.Concat(Enumerable.Repeat("华为智能手机蓝牙降噪耳机", 40)); // 480 characters
        var words = Segmenter.Cut(text);
        Assert.Equal(200, words.Count);
        Assert.Equal(text, string.Concat(words));
    }
}
