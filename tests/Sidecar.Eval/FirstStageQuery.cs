using System.Text.Json;

namespace Sidecar.Eval;

/// <summary>
/// The first-stage search every system gets: BM25 <c>multi_match</c> over the catalogue's text fields,
/// the top <see cref="Size"/> hits, and only the <c>_source</c> fields asked for.
/// </summary>
public static class FirstStageQuery
{
    public const int Size = 100;

    public static readonly string[] Fields = ["title^2", "brand", "category", "bullet_points", "description"];

    /// <summary>
    /// <c>{"size":100,"query":{"multi_match":{"query":q,"fields":[...]}},"_source":[...]}</c> as UTF-8, with
    /// <c>"type"</c> in the <c>multi_match</c> when <paramref name="matchType"/> is given.
    /// </summary>
    public static byte[] Body(string query, IReadOnlyList<string> source, string? matchType = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("size", Size);
            w.WriteStartObject("query");
            w.WriteStartObject("multi_match");
            w.WriteString("query", query);
            if (matchType is not null)
            {
                w.WriteString("type", matchType);
            }

            w.WriteStartArray("fields");
            foreach (var f in Fields)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("_source");
            foreach (var f in source)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
