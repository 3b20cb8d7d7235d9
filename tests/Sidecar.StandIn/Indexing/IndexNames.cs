using System.Text;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Indexing;

/// <summary>Elasticsearch's index name rules.</summary>
public static class IndexNames
{
    private static readonly char[] Forbidden = [' ', '"', '*', ',', '/', '<', '>', '?', '\\', '|', '#'];

    public static void Validate(string name)
    {
        if (name.Length == 0)
        {
            throw EsErrors.InvalidIndexName(name, "must not be empty");
        }

        if (name.IndexOfAny(Forbidden) >= 0)
        {
            throw EsErrors.InvalidIndexName(name,
                "must not contain the following characters [' ','\"','*',',','/','<','>','?','\\','|']");
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            throw EsErrors.InvalidIndexName(name, "must not contain ':'");
        }

        if (name[0] is '_' or '-' or '+')
        {
            throw EsErrors.InvalidIndexName(name, "must not start with '_', '-', or '+'");
        }

        if (!string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw EsErrors.InvalidIndexName(name, "must be lowercase");
        }

        if (name is "." or "..")
        {
            throw EsErrors.InvalidIndexName(name, "must not be '.' or '..'");
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > 255)
        {
            throw EsErrors.InvalidIndexName(name, $"index name is too long, ({bytes} > 255)");
        }
    }
}
