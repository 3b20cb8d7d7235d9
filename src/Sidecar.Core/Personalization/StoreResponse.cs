using System.Text;
using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>A buffered answer of Elasticsearch to one of the sidecar's own requests.</summary>
public sealed class StoreResponse
{
    public StoreResponse(int status, byte[] body)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }

    public byte[] Body { get; }

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The body as JSON; a non-JSON body is a <see cref="StoreException"/>.</summary>
    public JsonDocument Json()
    {
        try
        {
            return JsonDocument.Parse(Body);
        }
        catch (JsonException e)
        {
            throw new StoreException($"Elasticsearch answered {Status} with a body that is not JSON", e) { Status = Status };
        }
    }

    /// <summary>The Elasticsearch error type (<c>error.type</c>), or null.</summary>
    public string? ErrorType()
    {
        try
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error"u8, out var e) &&
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type"u8, out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short description for errors and logs: status and error type or the start of the body.</summary>
    public string Describe() =>
        $"HTTP {Status} {ErrorType() ?? Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 200))).ReplaceLineEndings(" ")}";

    /// <summary>Throws a <see cref="StoreException"/> describing an unexpected answer to <paramref name="what"/>.</summary>
    public StoreException Unexpected(string what) => new($"{what}: Elasticsearch answered {Describe()}") { Status = Status };
}
