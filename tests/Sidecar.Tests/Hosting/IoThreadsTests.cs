using Sidecar.Hosting;

namespace Sidecar.Tests.Hosting;

/// <summary>
/// server.inline_io: pass-through runs on the I/O threads; everything that spends CPU must leave them.
/// The suite runs with inline socket completions on (tests/Sidecar.Tests/inline-io.runsettings), the shipped mode.
/// </summary>
public sealed class IoThreadsTests
{
    [Fact]
    public void Suite_RunsWithInlineSocketCompletions_TheShippedMode()
    {
        Assert.True(IoThreads.InlineCompletions,
            $"{IoThreads.InlineCompletionsVariable} is not 1: run the tests through dotnet test (inline-io.runsettings) or scripts/test.sh");
    }

    [Fact]
    public async Task LeaveAsync_OnADedicatedThread_ContinuesOnTheWorkerPool()
    {
        // A dedicated thread stands for a socket I/O thread (neither belongs to the worker pool).
        Task<(bool Before, bool After)>? observed = null;
        var thread = new Thread(() => observed = Observe()) { IsBackground = true };
        thread.Start();
        thread.Join();
        var (before, after) = await observed!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(before);
        Assert.True(after);

        static async Task<(bool, bool)> Observe()
        {
            var before = Thread.CurrentThread.IsThreadPoolThread;
            await IoThreads.LeaveAsync();
            return (before, Thread.CurrentThread.IsThreadPoolThread);
        }
    }

    [Fact]
    public async Task LeaveAsync_OnTheWorkerPool_StaysOnTheSameThread()
    {
        var (before, after) = await Task.Run(async () =>
        {
            var id = Environment.CurrentManagedThreadId;
            await IoThreads.LeaveAsync();
            return (id, Environment.CurrentManagedThreadId);
        }, TestContext.Current.CancellationToken);
        Assert.Equal(before, after);
    }

    [Fact]
    public void EnableInlineCompletions_AnExplicitEnvironmentSettingWins()
    {
        // Already set for this process by the runsettings: the configuration cannot turn it off.
        Assert.True(IoThreads.EnableInlineCompletions(enable: false));
        Assert.Equal("1", Environment.GetEnvironmentVariable(IoThreads.InlineCompletionsVariable));
    }
}
