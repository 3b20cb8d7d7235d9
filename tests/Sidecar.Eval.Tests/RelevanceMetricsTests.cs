namespace Sidecar.Eval.Tests;

public sealed class RelevanceMetricsTests
{
    private static Dictionary<string, int> Grades(params (string Id, int Grade)[] judged) =>
        judged.ToDictionary(j => j.Id, j => j.Grade, StringComparer.Ordinal);

    [Fact]
    public void Gain_IsTwoToTheGradeMinusOne()
    {
        Assert.Equal([0.0, 1.0, 3.0, 7.0], new[] { 0, 1, 2, 3 }.Select(RelevanceMetrics.Gain));
    }

    [Fact]
    public void Ndcg_IdealRanking_IsOne()
    {
        var grades = Grades(("a", 3), ("b", 2), ("c", 0));
        Assert.Equal(1.0, RelevanceMetrics.Ndcg(["a", "b", "c"], grades, 10)!.Value, 12);
    }

    [Fact]
    public void Ndcg_HandComputedRanking_MatchesFormula()
    {
        // b (gain 3) at rank 1, a (gain 7) at rank 2; ideal: a then b.
        var grades = Grades(("a", 3), ("b", 2));
        var dcg = 3.0 + (7.0 / Math.Log2(3));
        var ideal = 7.0 + (3.0 / Math.Log2(3));
        Assert.Equal(dcg / ideal, RelevanceMetrics.Ndcg(["b", "a"], grades, 10)!.Value, 12);
    }

    [Fact]
    public void Ndcg_IdealComesFromAllJudgedProducts_NotOnlyTheRetrievedOnes()
    {
        // Only "a" is retrieved; "b" (also grade 3) is judged but missing from the list, so the list is not ideal.
        var grades = Grades(("a", 3), ("b", 3));
        var expected = 7.0 / (7.0 + (7.0 / Math.Log2(3)));
        Assert.Equal(expected, RelevanceMetrics.Ndcg(["a"], grades, 10)!.Value, 12);
    }

    [Fact]
    public void Ndcg_UnjudgedHits_GainNothingButTakeTheirRank()
    {
        var grades = Grades(("a", 3));
        Assert.Equal(1.0 / Math.Log2(3), RelevanceMetrics.Ndcg(["unjudged", "a"], grades, 10)!.Value, 12);
        Assert.Equal(0.0, RelevanceMetrics.Ndcg(["x", "y", "z"], grades, 10)!.Value, 12);
    }

    [Fact]
    public void Ndcg_CutsAtK_ForBothTheListAndTheIdeal()
    {
        var grades = Grades(("a", 3), ("b", 3), ("c", 3));
        Assert.Equal(1.0, RelevanceMetrics.Ndcg(["a", "b"], grades, 2)!.Value, 12);
        Assert.Equal(0.0, RelevanceMetrics.Ndcg(["x", "y", "a"], grades, 2)!.Value, 12);
    }

    [Fact]
    public void Ndcg_QueryWithoutPositiveJudgment_IsUndefinedAndSkippedByMean()
    {
        Assert.Null(RelevanceMetrics.Ndcg(["a"], Grades(("a", 0)), 10));
        Assert.Equal(0.5, RelevanceMetrics.Mean([1.0, null, 0.0]));
    }

    [Fact]
    public void Recall_CountsJudgedProductsAtOrAboveTheGrade_InTopK()
    {
        var grades = Grades(("e1", 3), ("s1", 2), ("c1", 1), ("i1", 0), ("e2", 3));
        // Relevant (grade >= 2): e1, s1, e2. Top 3 holds e1 and c1 (complement does not count) and s1.
        Assert.Equal(2.0 / 3, RelevanceMetrics.Recall(["e1", "c1", "s1", "e2"], grades, 3, 2)!.Value, 12);
        Assert.Equal(1.0, RelevanceMetrics.Recall(["e1", "c1", "s1", "e2"], grades, 100, 2)!.Value, 12);
        Assert.Null(RelevanceMetrics.Recall(["c1"], Grades(("c1", 1)), 100, 2));
    }

    [Fact]
    public void LinearScorerTopK_KeepsFirstStageOrderOnTies()
    {
        Span<int> top = stackalloc int[3];
        var n = LinearScorer.TopK([1.0, 2.0, 2.0, 0.5, 2.0], top);
        Assert.Equal(3, n);
        Assert.Equal([1, 2, 4], top.ToArray());
    }
}
