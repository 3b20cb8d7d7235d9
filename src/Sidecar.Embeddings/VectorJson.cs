using System.Buffers;
using System.Text.Json;

namespace Sidecar.Embeddings;

/// <summary>
/// Reads vectors stored as JSON number arrays (e.g. a dense_vector in an Elasticsearch _source)
/// without allocating per element: the only allocation is the returned array, or none with the
/// span overloads. Non-numbers throw <see cref="JsonException"/>.
/// </summary>
public static class VectorJson
{
    /// <summary>Parses <c>[0.1, -2e-3, ...]</c> from UTF-8 bytes.</summary>
    public static float[] Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        return Read(ref reader);
    }

    /// <summary>Parses a JSON array element of numbers.</summary>
    public static float[] Parse(JsonElement element)
    {
        RequireArray(element.ValueKind == JsonValueKind.Array, element.ValueKind.ToString());
        var result = new float[element.GetArrayLength()];
        Parse(element, result);
        return result;
    }

    /// <summary>Parses a JSON array element into <paramref name="destination"/>; returns the element count.</summary>
    public static int Parse(JsonElement element, Span<float> destination)
    {
        RequireArray(element.ValueKind == JsonValueKind.Array, element.ValueKind.ToString());
        var count = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out var value))
            {
                throw new JsonException($"Vector element #{count} is {item.ValueKind}, not a number.");
            }

            if (count == destination.Length)
            {
                throw new ArgumentException($"The JSON vector has more than {destination.Length} elements.", nameof(destination));
            }

            destination[count++] = value;
        }

        return count;
    }

    /// <summary>
    /// Reads an array from <paramref name="reader"/> (positioned on its StartArray token, or before it)
    /// and leaves the reader on the matching EndArray.
    /// </summary>
    public static float[] Read(ref Utf8JsonReader reader)
    {
        var buffer = ArrayPool<float>.Shared.Rent(512);
        try
        {
            var count = 0;
            StartArray(ref reader);
            while (NextNumber(ref reader, count, out var value))
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<float>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<float>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = value;
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>As <see cref="Read(ref Utf8JsonReader)"/>, into <paramref name="destination"/>; returns the count.</summary>
    public static int Read(ref Utf8JsonReader reader, scoped Span<float> destination)
    {
        var count = 0;
        StartArray(ref reader);
        while (NextNumber(ref reader, count, out var value))
        {
            if (count == destination.Length)
            {
                throw new ArgumentException($"The JSON vector has more than {destination.Length} elements.", nameof(destination));
            }

            destination[count++] = value;
        }

        return count;
    }

    private static void StartArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None && !reader.Read())
        {
            throw new JsonException("Expected a JSON array, found no JSON.");
        }

        RequireArray(reader.TokenType == JsonTokenType.StartArray, reader.TokenType.ToString());
    }

    private static bool NextNumber(ref Utf8JsonReader reader, int index, out float value)
    {
        if (!reader.Read())
        {
            throw new JsonException($"The JSON vector ends after {index} elements without ']'.");
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            value = 0;
            return false;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out value))
        {
            throw new JsonException($"Vector element #{index} is {reader.TokenType}, not a number.");
        }

        return true;
    }

    private static void RequireArray(bool isArray, string found)
    {
        if (!isArray)
        {
            throw new JsonException($"Expected a JSON array of numbers, found {found}.");
        }
    }
}
