using System.Globalization;
using System.Text;

namespace Sidecar.Enrichment;

/// <summary>
/// Shows <see cref="BackfillProgress"/> as a one-line text bar:
/// <c>products [############··················]  40.0%  4,000/10,000  312 docs/s  ETA 0:19</c>.
/// On a terminal the line is redrawn in place with <c>\r</c> (at most 10 times a second); otherwise (a
/// file, a pipe, CI logs) a plain line is written every <c>plainInterval</c> and at the end. Failed
/// documents are written on lines of their own (the first <see cref="MaxFailureLines"/>). Thread-safe.
/// </summary>
public sealed class ProgressBar : IProgress<BackfillProgress>
{
    public const int MaxFailureLines = 20;

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _plainInterval;
    private readonly Lock _lock = new();
    private long _lastWrite = long.MinValue;
    private int _lastLength;
    private int _failureLines;
    private BackfillProgress? _last;
    private bool _lastWritten;
    private bool _finishedShown;

    /// <param name="writer">Where the bar goes (usually standard error).</param>
    /// <param name="interactive">Redraw in place (a terminal) rather than append lines.</param>
    /// <param name="plainInterval">Between two plain lines; default 10 s.</param>
    /// <param name="time">Clock (tests).</param>
    public ProgressBar(TextWriter writer, bool interactive, TimeSpan? plainInterval = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        Interactive = interactive;
        _plainInterval = plainInterval ?? TimeSpan.FromSeconds(10);
        _time = time ?? TimeProvider.System;
    }

    public bool Interactive { get; }

    /// <summary>A bar on <paramref name="writer"/>, interactive when it is the console and the console is a terminal.</summary>
    public static ProgressBar For(TextWriter writer) => new(writer, IsTerminal(writer));

    /// <summary>True for <see cref="Console.Out"/>/<see cref="Console.Error"/> when not redirected.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) ||
        (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    public void Report(BackfillProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _last = value;
            _lastWritten = false;
            var hasFailureLines = value.NewFailures.Count > 0 && _failureLines <= MaxFailureLines;
            if (hasFailureLines)
            {
                WriteFailures(value.NewFailures);
            }

            var now = _time.GetTimestamp();
            var finishing = value.Fraction >= 1 && !_finishedShown; // shown once, even if more reports follow
            var due = _lastWrite == long.MinValue || finishing || hasFailureLines ||
                _time.GetElapsedTime(_lastWrite, now) >= (Interactive ? RedrawInterval : _plainInterval);
            if (due)
            {
                WriteBar(value, now);
            }
        }
    }

    /// <summary>Writes the last state if it was not shown yet and ends the bar's line.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_last is not null && !_lastWritten)
            {
                WriteBar(_last, _time.GetTimestamp());
            }

            if (Interactive && _lastLength > 0)
            {
                _writer.WriteLine();
                _lastLength = 0;
            }

            _writer.Flush();
        }
    }

    /// <summary>The bar's text for one snapshot, <paramref name="width"/> cells wide.</summary>
    public static string Render(BackfillProgress progress, int width = 30)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var c = CultureInfo.InvariantCulture;
        var filled = (int)Math.Floor(progress.Fraction * width);
        var line = new StringBuilder(120)
            .Append(progress.Index).Append(" [").Append('#', filled).Append('·', width - filled).Append("] ")
            .Append((progress.Fraction * 100).ToString("0.0", c).PadLeft(5)).Append("%  ")
            .Append(progress.Processed.ToString("N0", c)).Append('/').Append(progress.Total.ToString("N0", c))
            .Append("  ").Append(progress.DocsPerSecond.ToString("N0", c)).Append(" docs/s  ETA ")
            .Append(progress.Eta is { } eta ? FormatDuration(eta) : "--:--");
        Count(line, progress.Failed, "failed");
        Count(line, progress.Skipped, "without text");
        Count(line, progress.Conflicts, "conflicts");
        return line.ToString();
    }

    private static void Count(StringBuilder line, long n, string what)
    {
        if (n > 0)
        {
            line.Append("  ").Append(n.ToString("N0", CultureInfo.InvariantCulture)).Append(' ').Append(what);
        }
    }

    private static string FormatDuration(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    private void WriteBar(BackfillProgress value, long now)
    {
        var text = Render(value);
        if (Interactive)
        {
            _writer.Write('\r');
            _writer.Write(text);
            if (_lastLength > text.Length)
            {
                _writer.Write(new string(' ', _lastLength - text.Length));
            }

            _lastLength = text.Length;
        }
        else
        {
            _writer.WriteLine(text);
        }

        _writer.Flush();
        _lastWrite = now;
        _lastWritten = true;
        _finishedShown |= value.Fraction >= 1;
    }

    private void WriteFailures(IReadOnlyList<BackfillFailure> failures)
    {
        if (Interactive && _lastLength > 0)
        {
            _writer.Write('\r');
            _writer.Write(new string(' ', _lastLength));
            _writer.Write('\r');
            _lastLength = 0;
        }

        foreach (var f in failures)
        {
            if (_failureLines++ == MaxFailureLines)
            {
                _writer.WriteLine("  (more failures: see the summary)");
                break;
            }

            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  failed: {f}"));
        }
    }
}
