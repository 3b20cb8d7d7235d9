using System.Runtime.CompilerServices;

namespace Sidecar.Hosting;

/// <summary>
/// With <c>server.inline_io</c> (the default) socket completions and request processing run on the I/O (epoll)
/// threads, as an event-loop proxy does: a pass-through exchange then costs no thread hand-off at all. Anything that
/// spends real CPU (parsing, reranking, inference, JSON of the sidecar's own requests) must not run there, or it would
/// stall every other connection served by that thread: the shared I/O helpers (request body reads, the sidecar's own
/// upstream exchanges, the personalization store) and the router's non-pass-through routes end with
/// <see cref="LeaveAsync"/>, which moves the continuation to the worker pool when it is on an I/O thread.
/// </summary>
public static class IoThreads
{
    /// <summary>The environment variable .NET reads (once, at the first socket) to run socket completions inline.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline socket completions on for this process unless the environment already decides. Must run before
    /// the first socket is created (the runtime reads the variable once). Returns whether they are on.
    /// </summary>
    public static bool EnableInlineCompletions(bool enable)
    {
        var current = Environment.GetEnvironmentVariable(InlineCompletionsVariable);
        if (current is { Length: > 0 })
        {
            return current == "1";
        }

        if (enable)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        return enable;
    }

    /// <summary>Whether inline socket completions are on in this process.</summary>
    public static bool InlineCompletions => Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";

    /// <summary>Completes at once on a worker-pool thread; otherwise continues on the worker pool.</summary>
    public static LeaveAwaitable LeaveAsync() => default;

    public readonly struct LeaveAwaitable : ICriticalNotifyCompletion
    {
        public LeaveAwaitable GetAwaiter() => this;

        public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) =>
            ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

        public void UnsafeOnCompleted(Action continuation) =>
            ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
    }
}
