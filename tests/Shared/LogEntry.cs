using Microsoft.Extensions.Logging;

namespace TestSupport;

/// <summary>One line a program under test logged, as <see cref="CapturedLogs"/> keeps it.</summary>
public sealed record LogEntry(DateTime At, string Category, LogLevel Level, int EventId, string Message, Exception? Exception)
{
    public override string ToString() =>
        $"{At:HH:mm:ss.fff} {Level} {Category}: {Message}{(Exception is null ? "" : " " + Exception.GetType().Name + ": " + Exception.Message)}";
}
