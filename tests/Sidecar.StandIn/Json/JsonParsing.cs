using System.Text.Json;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Json;

/// <summary>Parses JSON and converts syntax errors to Elasticsearch-shaped 400 errors.</summary>
public static class JsonParsing
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    public static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
    }

    public static EsException Malformed(JsonException e)
    {
        var line = (e.LineNumber ?? 0) + 1;
        var col = (e.BytePositionInLine ?? 0) + 1;
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut].TrimEnd('.', ' ') + ".";
        }

        return EsErrors.XContentParse($"[{line}:{col}] {message}");
    }
}
