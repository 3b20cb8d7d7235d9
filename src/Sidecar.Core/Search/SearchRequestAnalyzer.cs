using System.Globalization;
using System.Text.Json;

namespace Sidecar.Search;

/// <summary>
/// Reads a search request (body and URL parameters) and decides whether the sidecar may rerank it.
/// Anything it does not fully understand is left to Elasticsearch: the request passes through untouched.
/// </summary>
public static class SearchRequestAnalyzer
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    public static SearchPlan Analyze(ReadOnlyMemory<byte> body, QueryParameters query, int window)
    {
        JsonDocument? doc = null;
        if (!IsBlank(body.Span))
        {
            if (!System.Text.Unicode.Utf8.IsValid(body.Span))
            {
                return SearchPlan.Skip(SkipReasons.Unparseable); // JsonDocument does not validate string contents; GetString would throw
            }

            try
            {
                doc = JsonDocument.Parse(body, ParseOptions);
            }
            catch (JsonException)
            {
                return SearchPlan.Skip(SkipReasons.Unparseable);
            }

            if (doc.RootElement.ValueKind != JsonValueKind.Object || !EscapedStringsDecode(body.Span))
            {
                doc.Dispose();
                return SearchPlan.Skip(SkipReasons.Unparseable);
            }
        }

        var plan = Build(doc, query, window);
        if (plan is null)
        {
            doc?.Dispose();
            return SearchPlan.Skip(SkipReasons.Unparseable);
        }

        return plan;
    }

    private static SearchPlan? Build(JsonDocument? doc, QueryParameters query, int window)
    {
        var root = doc?.RootElement ?? default;
        int from = 0, size = 10;
        if (doc is not null)
        {
            if (root.TryGetProperty("from"u8, out var f) && !TryInt(f, out from))
            {
                return null;
            }

            if (root.TryGetProperty("size"u8, out var s) && !TryInt(s, out size))
            {
                return null;
            }
        }

        if (query.Get("from") is { } qf && !TryInt(qf, out from))
        {
            return null;
        }

        if (query.Get("size") is { } qs && !TryInt(qs, out size))
        {
            return null;
        }

        if (from < 0 || size < 0)
        {
            return null;
        }

        var source = SourceSpecReader.Read(root, query);
        if (source is null)
        {
            return null;
        }

        var reason = SkipReasonOf(root, query, from, size, window);
        return new SearchPlan(doc, from, size, source, reason);
    }

    private static string? SkipReasonOf(JsonElement root, QueryParameters query, int from, int size, int window)
    {
        if (query.Has("scroll"))
        {
            return SkipReasons.Scroll;
        }

        if (query.Get("sort") is { } urlSort && !IsScoreSort(urlSort))
        {
            return SkipReasons.Sort;
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("sort"u8, out var sort) && !IsScoreSort(sort))
            {
                return SkipReasons.Sort;
            }

            if (root.TryGetProperty("search_after"u8, out _))
            {
                return SkipReasons.SearchAfter;
            }

            if (root.TryGetProperty("pit"u8, out _))
            {
                return SkipReasons.PointInTime;
            }

            if (root.TryGetProperty("collapse"u8, out _))
            {
                return SkipReasons.Collapse;
            }

            if (root.TryGetProperty("rescore"u8, out _))
            {
                return SkipReasons.Rescore;
            }

            if (root.TryGetProperty("retriever"u8, out _) || root.TryGetProperty("rank"u8, out _))
            {
                return SkipReasons.Retriever;
            }
        }

        if (size == 0)
        {
            return SkipReasons.SizeZero;
        }

        return (long)from + size > window ? SkipReasons.WindowExceeded : null;
    }

    /// <summary>True when a sort asks for nothing but relevance, descending (the order the sidecar refines).</summary>
    internal static bool IsScoreSort(JsonElement sort)
    {
        switch (sort.ValueKind)
        {
            case JsonValueKind.String:
                return sort.ValueEquals("_score"u8);
            case JsonValueKind.Array:
                foreach (var item in sort.EnumerateArray())
                {
                    if (!IsScoreSort(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var p in sort.EnumerateObject())
                {
                    if (p.Name != "_score")
                    {
                        return false;
                    }

                    var order = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("order"u8, out var o) ? o : p.Value;
                    if (order.ValueKind == JsonValueKind.String && !order.ValueEquals("desc"u8))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    internal static bool IsScoreSort(string urlSort)
    {
        foreach (var part in urlSort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part is not ("_score" or "_score:desc"))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryInt(JsonElement e, out int value)
    {
        value = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetInt32(out value),
            JsonValueKind.String => TryInt(e.GetString()!, out value),
            _ => false,
        };
    }

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// False when an escaped string (e.g. a lone surrogate <c>"\ud800"</c>) cannot become a .NET string: valid JSON
    /// that <see cref="JsonElement.GetString"/> would throw on later. Only escaped strings are decoded.
    /// </summary>
    private static bool EscapedStringsDecode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ParseOptions.MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
