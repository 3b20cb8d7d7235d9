using System.Globalization;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Query;

/// <summary>
/// Elasticsearch's minimum_should_match: <c>3</c>, <c>-2</c>, <c>75%</c>, <c>-25%</c> and conditional
/// combinations such as <c>3&lt;90%</c> or <c>2&lt;-25% 9&lt;-3</c>.
/// </summary>
public static class MinimumShouldMatch
{
    public static int Calculate(int optionalClauses, string spec)
    {
        spec = spec.Trim();
        if (spec.Contains('<', StringComparison.Ordinal))
        {
            var result = optionalClauses;
            foreach (var part in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var lt = part.IndexOf('<', StringComparison.Ordinal);
                if (lt <= 0 || !int.TryParse(part[..lt], NumberStyles.Integer, CultureInfo.InvariantCulture, out var upTo))
                {
                    throw Invalid(spec);
                }

                if (optionalClauses > upTo)
                {
                    result = Simple(optionalClauses, part[(lt + 1)..]);
                }
            }

            return Clamp(result, optionalClauses);
        }

        return Clamp(Simple(optionalClauses, spec), optionalClauses);
    }

    private static int Simple(int count, string spec)
    {
        if (spec.EndsWith('%'))
        {
            if (!double.TryParse(spec[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct))
            {
                throw Invalid(spec);
            }

            var n = (int)Math.Floor(count * Math.Abs(pct) / 100.0);
            return pct < 0 ? count - n : n;
        }

        if (!int.TryParse(spec, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(spec);
        }

        return value < 0 ? count + value : value;
    }

    private static int Clamp(int result, int count) => result < 0 ? 0 : Math.Min(result, count + 1);

    private static EsException Invalid(string spec) =>
        EsErrors.IllegalArgument($"Invalid minimum_should_match value [{spec}]");
}
