namespace Sidecar.Eval.Tests;

public sealed class EvalSetTests
{
    [Fact]
    public void Load_ReadsEsciLayout_WithQuotedQueries_AndDropsUnjudgedQueries()
    {
        var queries = "query_id,query\n1,\"shoes, red\"\n2,no judgments\n";
        var judgments = "query_id,asin,esci_label,grade\n1,A,E,3\n1,B,I,0\n";
        var set = EvalSet.Load(new StringReader(queries), new StringReader(judgments));
        var q = Assert.Single(set.Queries);
        Assert.Equal("shoes, red", q.Text);
        Assert.Equal(3, q.Grades["A"]);
        Assert.Equal(2, set.Judgments);
        Assert.Equal(1, set.DroppedQueries);
    }

    [Fact]
    public void Load_MissingColumn_SaysWhichOne()
    {
        var e = Assert.Throws<FormatException>(() => EvalSet.Load(new StringReader("id,query\n"), new StringReader("query_id,asin,grade\n")));
        Assert.Contains("query_id", e.Message, StringComparison.Ordinal);
    }
}
