using System.Globalization;

namespace Sidecar.Tests.Resilience;

/// <summary>Reads series from the sidecar's Prometheus text (<c>GET /_rerank/metrics</c>).</summary>
internal static class MetricsScrape
{
    public static async Task<string> TextAsync(HttpClient client) =>
        await client.GetStringAsync("/_rerank/metrics", TestContext.Current.CancellationToken);

    /// <summary>The value of the series named exactly <paramref name="series"/> (name and labels as exported), 0 when absent.</summary>
    public static double Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public static string Outcome(string outcome, string profile = "products") =>
        $"sidecar_rerank_outcomes_total{{outcome=\"{outcome}\",profile=\"{profile}\"}}";

    public static string Requests(string route, string outcome) =>
        $"sidecar_request_duration_seconds_count{{outcome=\"{outcome}\",route=\"{route}\"}}";

    public const string BreakerState = "sidecar_upstream_breaker_state";
}
