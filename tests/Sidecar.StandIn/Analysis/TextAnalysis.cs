using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Sidecar.StandIn.Analysis;

/// <summary>Runs an analyzer over query text.</summary>
public static class TextAnalysis
{
    /// <summary>Tokens with their positions (stop words leave position gaps).</summary>
    public static List<(string Term, int Position)> Analyze(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), Math.Max(position, 0)));
        }

        stream.End();
        return tokens;
    }
}
