using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sidecar.Diagnostics;

/// <summary>
/// Collects the instruments of the given meters with a <see cref="MeterListener"/> and writes them in the
/// Prometheus text exposition format (version 0.0.4): counters as <c>_total</c> sums, histograms with
/// cumulative <c>_bucket</c>/<c>_sum</c>/<c>_count</c>, gauges read at scrape time. Thread-safe.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly HashSet<Meter> _meters;
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();

    /// <param name="meters">The meters to export (by instance, so several hosts in one process do not mix).</param>
    public PrometheusExporter(params Meter[] meters)
    {
        _meters = [.. meters];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter))
            {
                _series[instrument] = new Series(instrument, BucketsOf(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public string ContentType => "text/plain; version=0.0.4; charset=utf-8";

    public string Export()
    {
        foreach (var s in _series.Values)
        {
            s.ResetGauges();
        }

        _listener.RecordObservableInstruments();
        var sb = new StringBuilder(4096);
        foreach (var s in _series.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            s.WriteTo(sb);
        }

        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var s))
        {
            s.Record(value, tags);
        }
    }

    private static double[] BucketsOf(Instrument instrument) =>
        instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { } b } ? [.. b] : DefaultBuckets;

    private sealed class Series(Instrument instrument, double[] buckets)
    {
        private readonly ConcurrentDictionary<string, Cell> _cells = new(StringComparer.Ordinal);

        public Instrument Instrument => instrument;

        private string Kind => instrument switch
        {
            Histogram<double> or Histogram<long> => "histogram",
            ObservableGauge<double> or ObservableGauge<long> or ObservableGauge<int> or UpDownCounter<long> => "gauge",
            _ => "counter",
        };

        public void ResetGauges()
        {
            if (Kind == "gauge" && instrument.IsObservable)
            {
                _cells.Clear();
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = Labels(tags);
            var cell = _cells.GetOrAdd(key, _ => new Cell(buckets.Length));
            lock (cell)
            {
                switch (Kind)
                {
                    case "histogram":
                        cell.Count++;
                        cell.Sum += value;
                        for (var i = 0; i < buckets.Length; i++)
                        {
                            if (value <= buckets[i])
                            {
                                cell.Buckets[i]++;
                            }
                        }

                        break;
                    case "gauge":
                        cell.Sum = instrument is UpDownCounter<long> ? cell.Sum + value : value;
                        break;
                    default:
                        cell.Sum += value;
                        break;
                }
            }
        }

        public void WriteTo(StringBuilder sb)
        {
            var name = instrument.Name;
            var kind = Kind;
            var metric = kind == "counter" && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
            sb.Append("# HELP ").Append(metric).Append(' ').Append(instrument.Description ?? name).Append('\n');
            sb.Append("# TYPE ").Append(metric).Append(' ').Append(kind).Append('\n');
            foreach (var (labels, cell) in _cells.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                lock (cell)
                {
                    if (kind != "histogram")
                    {
                        sb.Append(metric).Append(Braces(labels)).Append(' ').Append(Format(cell.Sum)).Append('\n');
                        continue;
                    }

                    for (var i = 0; i < buckets.Length; i++)
                    {
                        sb.Append(name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Format(buckets[i])}\"")))
                            .Append(' ').Append(cell.Buckets[i]).Append('\n');
                    }

                    sb.Append(name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(cell.Count).Append('\n');
                    sb.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Format(cell.Sum)).Append('\n');
                    sb.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(cell.Count).Append('\n');
                }
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
            {
                return string.Empty;
            }

            var parts = new List<string>(tags.Length);
            foreach (var (k, v) in tags)
            {
                var value = Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty;
                parts.Add(k + "=\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal) + "\"");
            }

            parts.Sort(StringComparer.Ordinal);
            return string.Join(',', parts);
        }

        private static string Join(string a, string b) => a.Length == 0 ? b : a + "," + b;

        private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

        private static string Format(double v) =>
            double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class Cell(int buckets)
    {
        public long Count;
        public double Sum;
        public long[] Buckets = new long[buckets];
    }
}
