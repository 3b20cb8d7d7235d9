using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sidecar.Tests.Resilience;

/// <summary>Keeps every log entry the sidecar writes (all levels), with its event id, formatted message, state and exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Installs this provider alone, at Trace level (for <c>SidecarRuntime.Logging</c>).</summary>
    public void Install(ILoggingBuilder builder) => builder.ClearProviders().AddProvider(this).SetMinimumLevel(LogLevel.Trace);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public bool Has(int eventId) => Entries.Any(e => e.EventId.Id == eventId);

    /// <summary>Everything that reached the logs as one text: messages, state values, exceptions.</summary>
    public string AllText() => string.Join('\n', Entries.Select(e => e.ToString()));

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, string State, string? Exception)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}:{EventId.Name}] {Message} | {State} | {Exception}";
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? string.Empty;
            owner.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
