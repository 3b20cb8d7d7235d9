namespace Sidecar.Text;

/// <summary>
/// The built-in stop words: modest lists of function words that carry no product meaning. Words that do
/// matter in product search are deliberately left out: negations (no, not, without), directions and
/// positions (over, under, up, out, off: "over ear"), "us" (US sizes), "can" (a can of...), "all".
/// </summary>
public static class StopWordLists
{
    /// <summary>English: articles, conjunctions, common prepositions, pronouns and auxiliary verbs.</summary>
    public static IReadOnlyList<string> English { get; } =
    [
        // articles and conjunctions
        "a", "an", "the", "and", "or", "but", "nor", "if", "then", "than", "as", "so",
        // prepositions
        "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "about", "via", "upon",
        // pronouns and determiners
        "i", "me", "my", "mine", "we", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her",
        "hers", "it", "its", "they", "them", "their", "theirs", "this", "that", "these", "those",
        "who", "whom", "whose", "which", "what", "such", "there",
        // auxiliary verbs
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
        "will", "would", "shall", "should", "could", "has", "have", "had",
    ];

    /// <summary>Chinese: particles, conjunctions, prepositions, pronouns and a few request words (请 想 要 买).</summary>
    public static IReadOnlyList<string> Chinese { get; } =
    [
        // structural and aspect particles, modal particles
        "的", "地", "得", "之", "了", "着", "过", "吗", "呢", "吧", "啊", "呀", "哦", "嘛", "么",
        // conjunctions
        "和", "与", "及", "以及", "或", "或者", "并", "且", "而", "跟", "同",
        // prepositions and copula
        "是", "在", "把", "被", "让", "给", "对", "从", "向", "于", "以", "为", "用", "也", "都", "就", "还",
        // pronouns and measure words
        "我", "你", "您", "他", "她", "它", "我们", "你们", "他们", "她们", "它们", "咱们", "自己",
        "这", "那", "这个", "那个", "这些", "那些", "这种", "那种", "个", "一个", "一些", "有",
        // request words typical of typed queries
        "请", "想", "要", "想要", "买", "求",
    ];
}
