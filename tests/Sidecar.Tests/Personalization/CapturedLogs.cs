using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sidecar.Tests.Personalization;

/// <summary>A logger provider that keeps every message (formatted text and structured values) at every level.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Everything logged, one entry per message, with its structured values.</summary>
    public string All => string.Join('\n', Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            sink.Lines.Enqueue($"{logLevel} {category} [{eventId.Id}] {formatter(state, exception)} | {values} {exception}");
        }
    }
}
