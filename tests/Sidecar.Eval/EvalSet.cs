namespace Sidecar.Eval;

/// <summary>
/// Loads a judgment set: <c>query_id,query</c> and <c>query_id,asin,esci_label,grade</c> (ESCI layout;
/// columns are found by header name). Queries without any judgment are dropped and counted.
/// </summary>
public sealed class EvalSet
{
    private EvalSet(IReadOnlyList<JudgedQuery> queries, int judgments, int droppedQueries)
    {
        Queries = queries;
        Judgments = judgments;
        DroppedQueries = droppedQueries;
    }

    /// <summary>The judged queries, in the order of the queries file.</summary>
    public IReadOnlyList<JudgedQuery> Queries { get; }

    /// <summary>Distinct (query, product) judgments kept.</summary>
    public int Judgments { get; }

    /// <summary>Queries of the queries file that have no judgment.</summary>
    public int DroppedQueries { get; }

    public static EvalSet Load(string queriesPath, string judgmentsPath)
    {
        using var q = new StreamReader(queriesPath);
        using var j = new StreamReader(judgmentsPath);
        return Load(q, j);
    }

    /// <exception cref="FormatException">A header column is missing or a grade is not an integer.</exception>
    public static EvalSet Load(TextReader queries, TextReader judgments)
    {
        var grades = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        using (var records = Csv.ReadRecords(judgments).GetEnumerator())
        {
            var header = records.MoveNext() ? records.Current : [];
            var qi = Column(header, "query_id", "judgments");
            var ai = Column(header, "asin", "judgments");
            var gi = Column(header, "grade", "judgments");
            while (records.MoveNext())
            {
                var r = records.Current;
                if (r.Length <= Math.Max(qi, Math.Max(ai, gi)))
                {
                    throw new FormatException($"judgments: record '{string.Join(',', r)}' has too few columns");
                }

                if (!int.TryParse(r[gi], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var grade))
                {
                    throw new FormatException($"judgments: grade '{r[gi]}' is not an integer");
                }

                if (!grades.TryGetValue(r[qi], out var byProduct))
                {
                    grades[r[qi]] = byProduct = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                if (!byProduct.TryAdd(r[ai], grade))
                {
                    byProduct[r[ai]] = Math.Max(byProduct[r[ai]], grade); // a product judged twice keeps its best grade
                }
            }
        }

        var list = new List<JudgedQuery>();
        var dropped = 0;
        var kept = 0;
        using (var records = Csv.ReadRecords(queries).GetEnumerator())
        {
            var header = records.MoveNext() ? records.Current : [];
            var qi = Column(header, "query_id", "queries");
            var ti = Column(header, "query", "queries");
            while (records.MoveNext())
            {
                var r = records.Current;
                if (r.Length <= Math.Max(qi, ti))
                {
                    throw new FormatException($"queries: record '{string.Join(',', r)}' has too few columns");
                }

                if (grades.TryGetValue(r[qi], out var byProduct))
                {
                    list.Add(new JudgedQuery(r[qi], r[ti], byProduct));
                    kept += byProduct.Count;
                }
                else
                {
                    dropped++;
                }
            }
        }

        return new EvalSet(list, kept, dropped);
    }

    private static int Column(string[] header, string name, string file)
    {
        var i = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : throw new FormatException($"{file}: no '{name}' column in header '{string.Join(',', header)}'");
    }
}
