using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sidecar.Diagnostics;

/// <summary>
/// The sidecar's instruments (System.Diagnostics.Metrics, meter <c>Sidecar</c>), exported in Prometheus
/// format under <c>/_rerank/metrics</c>. Labels never carry user ids, queries or index contents.
/// </summary>
public sealed class SidecarMetrics : IDisposable
{
    public const string MeterName = "Sidecar";

    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _rerankDuration;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _configReloads;
    private readonly Counter<long> _enrichedDocuments;

    public SidecarMetrics()
    {
        _meter = new Meter(MeterName);
        _requestDuration = _meter.CreateHistogram<double>("sidecar_request_duration_seconds", "s",
            "Time to answer a request, by route (search, passthrough, write, admin) and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rerankDuration = _meter.CreateHistogram<double>("sidecar_rerank_duration_seconds", "s",
            "Time spent computing features and scores for one search, by profile",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _outcomes = _meter.CreateCounter<long>("sidecar_rerank_outcomes_total", null,
            "Intercepted searches by outcome: applied, or skipped with the reason (fail-open counts)");
        _configReloads = _meter.CreateCounter<long>("sidecar_config_reloads_total", null, "Configuration reloads by result (ok, failed)");
        _enrichedDocuments = _meter.CreateCounter<long>("sidecar_enriched_documents_total", null,
            "Documents written through the sidecar, by enrichment result (enriched, skipped, failed)");
    }

    /// <summary>The meter every sidecar instrument belongs to; components add their own instruments to it.</summary>
    public Meter Meter => _meter;

    public void Request(string route, string outcome, TimeSpan elapsed) =>
        _requestDuration.Record(elapsed.TotalSeconds, new TagList { { "route", route }, { "outcome", outcome } });

    public void Rerank(string profile, TimeSpan elapsed) =>
        _rerankDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("profile", profile));

    /// <summary>Counts an intercepted search's outcome: <c>applied</c> or the skip reason.</summary>
    public void Outcome(string profile, string outcome) =>
        _outcomes.Add(1, new TagList { { "profile", profile }, { "outcome", outcome } });

    public void ConfigReload(bool ok) => _configReloads.Add(1, new KeyValuePair<string, object?>("result", ok ? "ok" : "failed"));

    public void Enrichment(long enriched, long skipped, long failed)
    {
        if (enriched > 0)
        {
            _enrichedDocuments.Add(enriched, new KeyValuePair<string, object?>("result", "enriched"));
        }

        if (skipped > 0)
        {
            _enrichedDocuments.Add(skipped, new KeyValuePair<string, object?>("result", "skipped"));
        }

        if (failed > 0)
        {
            _enrichedDocuments.Add(failed, new KeyValuePair<string, object?>("result", "failed"));
        }
    }

    /// <summary>Registers a gauge read on every scrape (cache sizes and hit ratios, breaker state...).</summary>
    public void Gauge(string name, string description, Func<double> read) => _meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => _meter.Dispose();
}
