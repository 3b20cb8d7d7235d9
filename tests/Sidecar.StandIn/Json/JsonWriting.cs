using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sidecar.StandIn.Json;

/// <summary>Writer options: no HTML-style escaping of '+', '&lt;', non-ASCII... (Elasticsearch does not escape them).</summary>
public static class JsonWriting
{
    public static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };
}
