using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TestSupport;

/// <summary>
/// A logger provider that keeps what the program under test logs, for assertions on what it said or to
/// show with a failure. <paramref name="keep"/> bounds a long scenario's memory to its latest lines.
/// </summary>
public sealed class CapturedLogs(int? keep = null, LogLevel minimum = LogLevel.Trace) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly LogLevel _minimum = minimum;

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <summary>The entries as text lines, oldest first.</summary>
    public IEnumerable<string> Lines => Entries.Select(e => e.ToString());

    public bool Contains(LogLevel level, string text) =>
        _entries.Any(e => e.Level == level && e.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        while (keep is { } limit && _entries.Count > limit)
        {
            _entries.TryDequeue(out _);
        }
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= logs._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Add(new LogEntry(DateTime.UtcNow, category, logLevel, eventId.Id, formatter(state, exception), exception));
            }
        }
    }
}
