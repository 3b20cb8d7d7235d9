using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>
/// Splits an events body into events: a JSON array of objects, or NDJSON (one object per line; a single
/// object is one line). A line that is not JSON is one rejected event, not a failed request; a body that
/// starts as an array but is not valid JSON is a 400.
/// </summary>
public static class EventBatchReader
{
    /// <summary>The events in order, each a cloned element or the reason it could not be read; null with <paramref name="error"/> for a bad body.</summary>
    public static List<(JsonElement Event, string? Problem)>? Read(ReadOnlySpan<byte> body, int maxEvents, out string? error)
    {
        error = null;
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            error = "the body is empty: send a JSON array of events or NDJSON (one event per line)";
            return null;
        }

        var result = new List<(JsonElement, string?)>();
        if (trimmed[0] == (byte)'[')
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
                if (doc.RootElement.GetArrayLength() > maxEvents)
                {
                    error = TooMany(maxEvents);
                    return null;
                }

                foreach (var e in doc.RootElement.EnumerateArray())
                {
                    result.Add((e.Clone(), null));
                }

                return result;
            }
            catch (JsonException e)
            {
                error = $"the body is not a valid JSON array: {e.Message}";
                return null;
            }
        }

        foreach (var range in trimmed.Split((byte)'\n'))
        {
            var line = trimmed[range].Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            if (result.Count == maxEvents)
            {
                error = TooMany(maxEvents);
                return null;
            }

            try
            {
                using var doc = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
                result.Add((doc.RootElement.Clone(), null));
            }
            catch (JsonException e)
            {
                result.Add((default, $"not valid JSON: {e.Message}"));
            }
        }

        return result;
    }

    private static string TooMany(int max) => $"more than {max} events in one request (personalization.ingest.max_events_per_request): split the batch";
}
