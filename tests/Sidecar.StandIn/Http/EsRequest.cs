using System.Globalization;
using System.Text.Json;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;

namespace Sidecar.StandIn.Http;

/// <summary>A parsed request: method, decoded path segments, query parameters and the decoded body.</summary>
public sealed class EsRequest
{
    public EsRequest(string method, string path, IReadOnlyList<string> segments,
        IReadOnlyDictionary<string, string> query, byte[] body)
    {
        Method = method;
        Path = path;
        Segments = segments;
        Query = query;
        Body = body;
    }

    public string Method { get; }

    /// <summary>Raw path (as sent, without query string), used in error messages.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Segments { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Body after Content-Encoding was undone.</summary>
    public byte[] Body { get; }

    public Dictionary<string, string> RouteValues { get; } = new(StringComparer.Ordinal);

    public bool IsHead => Method == "HEAD";

    public bool HasBody => Body.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) >= 0;

    public string Route(string name) => RouteValues[name];

    public string? Param(string name) => Query.TryGetValue(name, out var v) ? v : null;

    /// <summary>Boolean query parameter: present without value or "true" is true.</summary>
    public bool Flag(string name, bool defaultValue = false)
    {
        var v = Param(name);
        if (v is null)
        {
            return defaultValue;
        }

        return v.Length == 0 || v.Equals("true", StringComparison.OrdinalIgnoreCase)
            ? true
            : v.Equals("false", StringComparison.OrdinalIgnoreCase)
                ? false
                : throw EsErrors.IllegalArgument(
                    $"Failed to parse value [{v}] as only [true] or [false] are allowed.");
    }

    public int? IntParam(string name)
    {
        var v = Param(name);
        if (v is null)
        {
            return null;
        }

        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw EsErrors.IllegalArgument($"Failed to parse int parameter [{name}] with value [{v}]");
    }

    public long? LongParam(string name)
    {
        var v = Param(name);
        if (v is null)
        {
            return null;
        }

        return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            ? l
            : throw EsErrors.IllegalArgument($"Failed to parse long parameter [{name}] with value [{v}]");
    }

    /// <summary>Parses the body as one JSON document, or returns null when there is no body.</summary>
    public JsonDocument? ParseBody() => HasBody ? JsonParsing.Parse(Body) : null;

    /// <summary>Parses the body as a JSON object; errors when missing if <paramref name="required"/>.</summary>
    public JsonDocument? ParseBodyObject(bool required)
    {
        var doc = ParseBody();
        if (doc is null)
        {
            return required ? throw EsErrors.Parsing("request body is required") : null;
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw EsErrors.Parsing("request body must be a JSON object");
        }

        return doc;
    }
}
