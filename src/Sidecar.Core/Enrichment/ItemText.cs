using System.Text;
using System.Text.Json;
using Sidecar.Search;

namespace Sidecar.Enrichment;

/// <summary>
/// The text an item embedding is computed from: the configured fields of a <c>_source</c>, in order,
/// joined with <see cref="ItemEmbeddingOptions.Separator"/>. Array values (e.g. category levels) are
/// joined with <c>" > "</c>; strings are trimmed; numbers are kept as written; null, empty, boolean
/// and object values are skipped.
/// </summary>
public static class ItemText
{
    /// <summary>
    /// <c>{"title":"Aria 5","brand":"Sono","category":["Audio","Headphones"]}</c> gives
    /// <c>Aria 5 | Sono | Audio > Headphones</c>. Null when no field has any text.
    /// </summary>
    public static string? Build(JsonElement source, ItemEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var field in options.TextFields)
        {
            if (!SourcePath.TryGet(source, field, out var value))
            {
                continue;
            }

            var before = text.Length;
            if (before > 0)
            {
                text.Append(options.Separator);
            }

            if (!Append(text, value))
            {
                text.Length = before;
            }

            if (text.Length >= options.MaxTextChars)
            {
                break;
            }
        }

        if (text.Length == 0)
        {
            return null;
        }

        var length = Math.Min(text.Length, options.MaxTextChars);
        if (length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--; // never cut a surrogate pair in half
        }

        return text.ToString(0, length).TrimEnd();
    }

    /// <summary>True when <paramref name="source"/> has a non-null value for any text field (a partial update touching the text).</summary>
    public static bool TouchesText(JsonElement source, ItemEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var field in options.TextFields)
        {
            if (SourcePath.TryGet(source, field, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Append(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var s = value.GetString().AsSpan().Trim();
                if (s.IsEmpty)
                {
                    return false;
                }

                text.Append(s);
                return true;
            case JsonValueKind.Number:
                text.Append(value.GetRawText());
                return true;
            case JsonValueKind.Array:
                var any = false;
                foreach (var item in value.EnumerateArray())
                {
                    var before = text.Length;
                    if (any)
                    {
                        text.Append(ItemEmbeddingOptions.ArraySeparator);
                    }

                    if (Append(text, item))
                    {
                        any = true;
                    }
                    else
                    {
                        text.Length = before;
                    }
                }

                return any;
            default:
                return false;
        }
    }
}
