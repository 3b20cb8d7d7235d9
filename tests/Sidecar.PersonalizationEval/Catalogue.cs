using System.Globalization;
using System.Text.Json;

namespace Sidecar.PersonalizationEval;

/// <summary>One product of the catalogue, with the attributes user preferences are made of.</summary>
public sealed record Product(string Asin, string? Brand, IReadOnlyList<string> Category, double? Price);

/// <summary>A query of the judged set and its graded products (ESCI grade 0-3).</summary>
public sealed record JudgedQuery(string Id, string Text, IReadOnlyDictionary<string, int> Grades);

/// <summary>
/// The ESCI catalogue and judgments: <c>products.jsonl</c> (asin, brand, category levels, price),
/// <c>queries.csv</c> (<c>query_id,query</c>) and <c>judgments.csv</c> (<c>query_id,asin,esci_label,grade</c>).
/// Queries without judgments are dropped; a product judged twice for a query keeps its best grade.
/// </summary>
public sealed class Catalogue
{
    private Catalogue(Dictionary<string, Product> products, List<JudgedQuery> queries)
    {
        Products = products;
        Queries = queries;
    }

    public IReadOnlyDictionary<string, Product> Products { get; }

    /// <summary>Judged queries in the order of the queries file.</summary>
    public IReadOnlyList<JudgedQuery> Queries { get; }

    /// <exception cref="FormatException">A malformed line or a missing column.</exception>
    public static Catalogue Load(string directory)
    {
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(directory, "products.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var asin = root.TryGetProperty("asin", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new FormatException("products.jsonl: a line without asin");
            var brand = root.TryGetProperty("brand", out var b) && b.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(b.GetString()) ? b.GetString()!.Trim() : null;
            var category = new List<string>();
            if (root.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.Array)
            {
                foreach (var level in c.EnumerateArray())
                {
                    if (level.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(level.GetString()))
                    {
                        category.Add(level.GetString()!.Trim());
                    }
                }
            }

            double? price = root.TryGetProperty("price", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
            products[asin] = new Product(asin, brand, category, price);
        }

        var grades = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var r in Records(Path.Combine(directory, "judgments.csv"), "query_id", "asin", "grade"))
        {
            var grade = int.Parse(r[2], NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (!grades.TryGetValue(r[0], out var byProduct))
            {
                grades[r[0]] = byProduct = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            byProduct[r[1]] = Math.Max(grade, byProduct.GetValueOrDefault(r[1], int.MinValue));
        }

        var queries = new List<JudgedQuery>();
        foreach (var r in Records(Path.Combine(directory, "queries.csv"), "query_id", "query"))
        {
            if (grades.TryGetValue(r[0], out var byProduct))
            {
                queries.Add(new JudgedQuery(r[0], r[1], byProduct));
            }
        }

        return new Catalogue(products, queries);
    }

    /// <summary>The named columns of every record of a CSV file with a header.</summary>
    private static IEnumerable<string[]> Records(string path, params string[] columns)
    {
        using var reader = new StreamReader(path);
        using var records = Sidecar.Eval.Csv.ReadRecords(reader).GetEnumerator();
        var header = records.MoveNext() ? records.Current : [];
        var index = columns.Select(name =>
        {
            var i = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            return i >= 0 ? i : throw new FormatException($"{Path.GetFileName(path)}: no '{name}' column");
        }).ToArray();
        while (records.MoveNext())
        {
            var r = records.Current;
            if (r.Length <= index.Max())
            {
                throw new FormatException($"{Path.GetFileName(path)}: record '{string.Join(',', r)}' has too few columns");
            }

            yield return index.Select(i => r[i]).ToArray();
        }
    }
}
