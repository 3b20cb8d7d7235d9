using JiebaNet.Segmenter;

namespace Sidecar.Text.Tests;

/// <summary>jieba.NET itself (JIT only), pointed at the data files the build copied, as the reference to compare with.</summary>
internal static class JiebaReference
{
    private static readonly Lazy<JiebaSegmenter> Segmenter = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = ChineseSegmenter.DefaultDataDirectory;
        return new JiebaSegmenter();
    });

    private static readonly Lock Gate = new();

    public static string[] Cut(string text)
    {
        lock (Gate)
        {
            return Segmenter.Value.Cut(text, cutAll: false, hmm: true).Where(w => !string.IsNullOrWhiteSpace(w)).ToArray();
        }
    }
}
