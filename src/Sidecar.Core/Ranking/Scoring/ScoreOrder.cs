namespace Sidecar.Ranking.Scoring;

/// <summary>The order every scorer returns: higher score first, equal scores in upstream order.</summary>
public static class ScoreOrder
{
    /// <summary>Hit indices best first; ties keep the lower (earlier upstream) index first, so the sort is stable.</summary>
    public static int[] Descending(double[] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        order.AsSpan().Sort(new ScoreDescendingThenRank(scores));
        return order;
    }

    private readonly struct ScoreDescendingThenRank(double[] scores) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var c = scores[y].CompareTo(scores[x]);
            return c != 0 ? c : x.CompareTo(y);
        }
    }
}
