using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ChannelServer.Serving;

/// <summary>
/// The text log: the simple console formatter's single-line shape (<c>&lt;time&gt; info: Category[id] message</c>),
/// with the message and exception escaped by <see cref="LogText"/>. The simple formatter itself writes a
/// lone CR or an escape sequence from an upstream's message as is.
/// </summary>
public sealed class EscapingConsoleFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "escaped-single-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(logEntry.LogLevel switch
        {
            LogLevel.Trace => " trce: ",
            LogLevel.Debug => " dbug: ",
            LogLevel.Information => " info: ",
            LogLevel.Warning => " warn: ",
            LogLevel.Error => " fail: ",
            _ => " crit: ",
        });
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(LogText.Escape(message ?? string.Empty));
        if (logEntry.Exception is not null)
        {
            textWriter.Write(' ');
            textWriter.Write(LogText.Escape(logEntry.Exception.ToString()));
        }

        textWriter.Write('\n');
    }
}
