using Sidecar.Enrichment;

namespace Sidecar.Tests.Enrichment;

public sealed class ProgressBarTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly StringWriter _out = new() { NewLine = "\n" };

    private static BackfillProgress At(long done, long total = 1000, double seconds = 10, long failed = 0, params BackfillFailure[] failures) =>
        new("products", done, total, failed, 0, 0, TimeSpan.FromSeconds(seconds), failures);

    [Fact]
    public void Render_Snapshot_ShowsBarPercentCountsRateAndEta()
    {
        Assert.Equal("products [############··················]  40.0%  400/1,000  40 docs/s  ETA 0:15",
            ProgressBar.Render(At(400)));
        Assert.Equal("products [##############################] 100.0%  2,000/2,000  20 docs/s  ETA 0:00  2 failed",
            ProgressBar.Render(At(1998, total: 2000, seconds: 100, failed: 2)));
        Assert.EndsWith("ETA 1:23:20", ProgressBar.Render(At(100, total: 10_100, seconds: 50)), StringComparison.Ordinal);
        Assert.EndsWith("0 docs/s  ETA --:--", ProgressBar.Render(At(0, seconds: 0)), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Interactive_RedrawsOneLineWithCarriageReturns()
    {
        var bar = new ProgressBar(_out, interactive: true, time: _time);
        bar.Report(At(400, seconds: 0.1));   // "4,000 docs/s"
        _time.Advance(TimeSpan.FromMilliseconds(50));
        bar.Report(At(450, seconds: 0.15));  // too soon: not drawn
        _time.Advance(TimeSpan.FromMilliseconds(100));
        bar.Report(At(500, seconds: 10));    // "50 docs/s": shorter, padded over the old text
        bar.Complete();

        var text = _out.ToString();
        Assert.Equal(2, text.Count(c => c == '\r'));
        Assert.Single(text, '\n');
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var frames = text.TrimEnd('\n').Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(frames[0].Length, frames[1].Length);
        Assert.Contains(" 50.0%", frames[1], StringComparison.Ordinal);
        Assert.DoesNotContain("450/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NotATerminal_PlainLinesAtIntervalsAndAtTheEnd()
    {
        var bar = new ProgressBar(_out, interactive: false, plainInterval: TimeSpan.FromSeconds(10), time: _time);
        bar.Report(At(0));                  // first: shown
        _time.Advance(TimeSpan.FromSeconds(4));
        bar.Report(At(100));                // within the interval: not shown
        _time.Advance(TimeSpan.FromSeconds(7));
        bar.Report(At(300));                // shown
        _time.Advance(TimeSpan.FromSeconds(1));
        bar.Report(At(500));                // not shown yet...
        bar.Complete();                     // ...but the last state is written at the end

        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain('\r', _out.ToString());
        Assert.Contains(" 30.0%", lines[1], StringComparison.Ordinal);
        Assert.Contains(" 50.0%", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Finished_ShownAtOnceThenOnlyAtTheEnd()
    {
        var bar = new ProgressBar(_out, interactive: false, time: _time);
        bar.Report(At(10));
        bar.Report(At(1000));
        bar.Report(At(1000, seconds: 11)); // finished again (e.g. the total was an underestimate): not repeated
        bar.Complete();                    // ...except as the last state at the end
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("100.0%", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Failures_WrittenOnTheirOwnLinesAndCapped()
    {
        var bar = new ProgressBar(_out, interactive: true, time: _time);
        bar.Report(At(10));
        var many = Enumerable.Range(0, ProgressBar.MaxFailureLines + 5).Select(i => new BackfillFailure("products", $"d{i}", 400, "bad")).ToArray();
        bar.Report(At(20, failed: many.Length, failures: many));
        bar.Report(At(30, failed: 26, failures: new BackfillFailure("products", "late", 400, "bad")));
        bar.Complete();

        var text = _out.ToString();
        Assert.Contains("  failed: products/d0: 400 bad\n", text, StringComparison.Ordinal);
        Assert.Contains("  failed: products/d19: 400 bad\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("d20:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("late", text, StringComparison.Ordinal);
        Assert.Contains("(more failures: see the summary)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void For_StringWriter_IsNotATerminal()
    {
        Assert.False(ProgressBar.For(_out).Interactive);
        Assert.False(ProgressBar.IsTerminal(TextWriter.Null));
    }
}
