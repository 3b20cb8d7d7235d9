namespace Sidecar.StandIn.Http.Handlers;

/// <summary>Splits an NDJSON body into non-blank lines (a final line without a newline is accepted).</summary>
public static class BulkLines
{
    public static List<ReadOnlyMemory<byte>> Split(byte[] body)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        while (start < body.Length)
        {
            var end = Array.IndexOf(body, (byte)'\n', start);
            if (end < 0)
            {
                end = body.Length;
            }

            var line = body.AsMemory(start, end - start);
            if (line.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                lines.Add(line);
            }

            start = end + 1;
        }

        return lines;
    }
}
