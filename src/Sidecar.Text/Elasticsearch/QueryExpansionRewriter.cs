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

    private static readonly HashSet<string> FullTextLeaves = new(StringComparer.Ordinal)
    {
        "match", "match_phrase", "match_phrase_prefix", "match_bool_prefix", "multi_match", "combined_fields",
        "query_string", "simple_query_string",
    };

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

        var mode = Plan(query);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        var queryWritten = false;
        foreach (var property in body.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (!queryWritten && property.NameEquals("query"u8))
            {
                WriteQuery(writer, query, mode, text);
                queryWritten = true;
            }
            else
            {
                WriteRaw(writer, property.Value);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return mode;
    }

    /// <summary>Decides how the expansion joins <paramref name="query"/> (exposed for explanations and tests).</summary>
    public static ExpansionMode Plan(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object || !TrySingleKey(query, out var key, out var body))
        {
            return ExpansionMode.WrappedForScoring;
        }

        if (key != "bool")
        {
            return FullTextLeaves.Contains(key) ? ExpansionMode.WrappedAsAlternative : ExpansionMode.WrappedForScoring;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ExpansionMode.WrappedForScoring;
        }

        var hasRequired = HasClauses(body, "must") || HasClauses(body, "filter");
        var hasShould = HasClauses(body, "should");
        if (!body.TryGetProperty("minimum_should_match"u8, out var minimum))
        {
            // Without must/filter/should (only must_not) a new should would become required: wrap instead.
            return hasRequired || hasShould ? ExpansionMode.AppendedToShould : ExpansionMode.WrappedForScoring;
        }

        if (!hasShould)
        {
            return ExpansionMode.WrappedForScoring;
        }

        return IsZeroOrOne(minimum) ? ExpansionMode.AppendedToShould : ExpansionMode.GroupedShould;
    }

    private void WriteQuery(Utf8JsonWriter writer, JsonElement query, ExpansionMode mode, string text)
    {
        switch (mode)
        {
            case ExpansionMode.AppendedToShould or ExpansionMode.GroupedShould:
                writer.WriteStartObject();
                writer.WritePropertyName("bool");
                WriteBool(writer, query.GetProperty("bool"u8), mode == ExpansionMode.GroupedShould, text);
                writer.WriteEndObject();
                break;
            case ExpansionMode.WrappedAsAlternative:
                writer.WriteStartObject();
                writer.WriteStartObject("bool");
                writer.WriteStartArray("should");
                WriteRaw(writer, query);
                WriteExpansion(writer, text);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject();
                writer.WriteStartObject("bool");
                writer.WriteStartArray("must");
                WriteRaw(writer, query);
                writer.WriteEndArray();
                writer.WriteStartArray("should");
                WriteExpansion(writer, text);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>Copies the bool's keys; the should list gets the expansion (and, grouped, the client's shoulds nested).</summary>
    private void WriteBool(Utf8JsonWriter writer, JsonElement boolBody, bool grouped, string text)
    {
        writer.WriteStartObject();
        var shouldWritten = false;
        var should = boolBody.TryGetProperty("should"u8, out var s) ? s : default;
        var minimum = boolBody.TryGetProperty("minimum_should_match"u8, out var m) ? m : default;
        foreach (var property in boolBody.EnumerateObject())
        {
            if (property.NameEquals("should"u8))
            {
                if (!shouldWritten)
                {
                    WriteShould(writer, should, minimum, grouped, text);
                    shouldWritten = true;
                }

                continue;
            }

            writer.WritePropertyName(property.Name);
            if (grouped && property.NameEquals("minimum_should_match"u8))
            {
                writer.WriteNumberValue(1);
            }
            else
            {
                WriteRaw(writer, property.Value);
            }
        }

        if (!shouldWritten)
        {
            WriteShould(writer, should, minimum, grouped, text);
        }

        writer.WriteEndObject();
    }

    private void WriteShould(Utf8JsonWriter writer, JsonElement should, JsonElement minimum, bool grouped, string text)
    {
        writer.WriteStartArray("should");
        if (grouped)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("bool");
            writer.WritePropertyName("should");
            WriteRaw(writer, should);
            writer.WritePropertyName("minimum_should_match");
            WriteRaw(writer, minimum);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else if (should.ValueKind == JsonValueKind.Array)
        {
            foreach (var clause in should.EnumerateArray())
            {
                WriteRaw(writer, clause);
            }
        }
        else if (should.ValueKind == JsonValueKind.Object)
        {
            WriteRaw(writer, should);
        }

        WriteExpansion(writer, text);
        writer.WriteEndArray();
    }

    private void WriteExpansion(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("multi_match");
        writer.WriteString("query", text);
        writer.WriteStartArray("fields");
        foreach (var field in fields)
        {
            writer.WriteStringValue(field);
        }

        writer.WriteEndArray();
        writer.WriteString("operator", "or");
        writer.WriteNumber("boost", Boost);
        if (!string.IsNullOrEmpty(QueryName))
        {
            writer.WriteString("_name", QueryName);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter writer, JsonElement value) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);

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

    private static bool TrySingleKey(JsonElement query, out string key, out JsonElement value)
    {
        key = string.Empty;
        value = default;
        var count = 0;
        foreach (var property in query.EnumerateObject())
        {
            key = property.Name;
            value = property.Value;
            count++;
        }

        return count == 1;
    }

    private static bool HasClauses(JsonElement boolBody, string name) =>
        boolBody.TryGetProperty(name, out var clauses)
        && (clauses.ValueKind == JsonValueKind.Object || (clauses.ValueKind == JsonValueKind.Array && clauses.GetArrayLength() > 0));

    private static bool IsZeroOrOne(JsonElement minimum) => minimum.ValueKind switch
    {
        JsonValueKind.Number => minimum.TryGetInt32(out var n) && n is 0 or 1,
        JsonValueKind.String => minimum.GetString()?.Trim() is "0" or "1" or "0%",
        _ => false,
    };
}
