using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Runtime.InteropServices;

namespace Sidecar.Text;

/// <summary>
/// Adds predicted keywords to an Elasticsearch search body as an optional clause, so that recall can grow
/// while the client's required clauses keep their meaning (see <see cref="ExpansionMode"/> for each shape).
/// The clause is <c>{"multi_match": {"query": "k1 k2 ...", "fields": [...], "operator": "or", "boost": b}}</c>.
/// Only the <c>query</c> is rewritten: every other top-level key, and every original clause inside the query,
/// is copied byte for byte from the input (raw values, no re-serialisation). Thread-safe.
/// </summary>
public sealed class QueryExpansionRewriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string[] fields;

    /// <param name="fields">Target fields, with optional boosts ("title^2", "brand", "category").</param>
    /// <param name="boost">Boost of the expansion clause (e.g. 0.3: below the client's own clauses).</param>
    /// <param name="queryName">Optional <c>_name</c> of the clause (shows in hits' matched_queries, which changes the response: off by default).</param>
    public QueryExpansionRewriter(IReadOnlyList<string> fields, double boost = 0.3, string? queryName = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        this.fields = fields.Where(f => !string.IsNullOrWhiteSpace(f)).ToArray();
        if (this.fields.Length == 0)
        {
            throw new ArgumentException("At least one target field is needed.", nameof(fields));
        }

        if (!double.IsFinite(boost) || boost <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(boost), boost, "The boost must be a positive number.");
        }

        Boost = boost;
        QueryName = queryName;
    }

    /// <summary>Target fields of the expansion clause.</summary>
    public IReadOnlyList<string> Fields => fields;

    /// <summary>Boost of the expansion clause.</summary>
    public double Boost { get; }

    /// <summary>Optional <c>_name</c> of the expansion clause.</summary>
    public string? QueryName { get; }

    /// <summary>
    /// Rewrites a UTF-8 search body. Returns the original body (mode None) when there is nothing to do:
    /// no keywords, no <c>query</c>, or invalid JSON (left for Elasticsearch to reject).
    /// </summary>
    public ExpansionResult Rewrite(ReadOnlyMemory<byte> body, IReadOnlyList<PredictedKeyword> keywords)
    {
        if (keywords.Count == 0)
        {
            return new ExpansionResult(body, ExpansionMode.None);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var output = new ArrayBufferWriter<byte>(body.Length + 256);
            var mode = Rewrite(document.RootElement, keywords, output);
            return mode == ExpansionMode.None ? new ExpansionResult(body, mode) : new ExpansionResult(output.WrittenMemory, mode);
        }
        catch (JsonException)
        {
            return new ExpansionResult(body, ExpansionMode.None);
        }
    }

    /// <summary>
    /// Writes the rewritten <paramref name="body"/> to <paramref name="output"/> and returns how the
    /// expansion was added; writes nothing and returns <see cref="ExpansionMode.None"/> when there is nothing to do.
    /// </summary>
    public ExpansionMode Rewrite(JsonElement body, IReadOnlyList<PredictedKeyword> keywords, IBufferWriter<byte> output)
    {
        var text = ExpansionText(keywords);
        if (text.Length == 0 || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("query"u8, out var query) || query.ValueKind != JsonValueKind.Object)
        {
            return ExpansionMode.None;
        }

        var mode = ExpansionPlanner.Plan(query);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        var queryWritten = false;
        foreach (var property in body.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (!queryWritten && property.NameEquals("query"u8))
            {
                ExpansionQueryWriter.Write(writer, query, mode, new ExpansionClause(fields, Boost, QueryName, text));
                queryWritten = true;
            }
            else
            {
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return mode;
    }

    /// <summary>Decides how the expansion joins <paramref name="query"/> (exposed for explanations and tests).</summary>
    public static ExpansionMode Plan(JsonElement query) => ExpansionPlanner.Plan(query);

    private static string ExpansionText(IReadOnlyList<PredictedKeyword> keywords)
    {
        var terms = new List<string>(keywords.Count);
        foreach (var keyword in keywords)
        {
            var term = keyword.Term?.Trim();
            if (!string.IsNullOrEmpty(term) && !terms.Contains(term, StringComparer.Ordinal))
            {
                terms.Add(term);
            }
        }

        return string.Join(' ', terms);
    }
}
