using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChannelServer.Serving;

/// <summary>
/// The logger provider of the access log category alone (the console logger is filtered off it).
/// The console logger formats each message on the request's thread and writes and flushes it on its
/// own, one write(2) per line: on a loaded two-core machine that cost about a third of the 302
/// throughput. Here an access line (<see cref="AccessLogLine"/>) is queued as its fields; one loop
/// formats the queued lines to UTF-8, writes them in batches and flushes when the queue is empty, so a
/// quiet server's lines appear at once.
/// The lines have the console formatters' shapes (simple single-line text, or the JSON formatter's
/// object), so nothing changes for whoever reads the log.
/// A full queue never blocks a request: the line is dropped and counted
/// (<see cref="ChannelServerMetrics.AccessLogDropped"/>, reported by <see cref="AccessLogDropReporter"/>).
/// Disposing writes what is still queued.
/// </summary>
public sealed class AccessLogWriter : ILoggerProvider, IAsyncDisposable
{
    public const string Category = "ChannelServer.AccessLog";
    public const int DefaultCapacity = 16 * 1024;

    // A write to a pipe of at most PIPE_BUF bytes is atomic: the console logger's lines on the same
    // stdout can land between two of our writes, never in the middle of one of our lines.
    private const int MaxWriteBytes = 4096;
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    private const string TimestampSecondFormat = "yyyy-MM-ddTHH:mm:ss.";

    private static readonly TimeSpan FlushAtShutdownTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<Entry> _queue;
    private readonly Stream _output;
    private readonly bool _json;
    private readonly TimeProvider _time;
    private readonly ChannelServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Task _drain;
    private readonly ArrayBufferWriter<byte> _batch = new(2 * MaxWriteBytes);
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(512);
    private readonly Utf8JsonWriter _jsonWriter;
    private readonly byte[] _stampPrefix = new byte[32];
    private int _stampPrefixLength;
    private long _stampSecond = -1;
    private int _batchLines;
    private long _dropped;
    private int _disposed;

    public AccessLogWriter(Stream output, bool json, TimeProvider time, ChannelServerMetrics metrics, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _output = output;
        _json = json;
        _time = time;
        _metrics = metrics;
        _logger = new AccessLogger(this);
        _jsonWriter = new Utf8JsonWriter(_line);
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: a full queue refuses, it does not wait
            SingleReader = true,
            SingleWriter = false,
        });
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>Lines dropped so far: queue full, the output failed, or written after disposal.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? _logger : NullLogger.Instance;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        // A stdout that never drains must not hold the process up forever.
        await _drain.WaitAsync(FlushAtShutdownTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_drain.IsCompleted)
        {
            _jsonWriter.Dispose();
        }
        else
        {
            CountDropped(_queue.Reader.Count);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Enqueue(in Entry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            CountDropped(1);
        }
    }

    private void CountDropped(int lines)
    {
        Interlocked.Add(ref _dropped, lines);
        _metrics.AccessLogDropped.Inc(lines);
    }

    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var entry))
            {
                Append(entry);
            }

            WriteBatch(flush: true);
        }
    }

    private void Append(in Entry entry)
    {
        _line.ResetWrittenCount();
        try
        {
            if (_json)
            {
                FormatJson(entry);
            }
            else
            {
                FormatText(entry);
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            CountDropped(1);
            return;
        }

        if (_batch.WrittenCount + _line.WrittenCount > MaxWriteBytes)
        {
            WriteBatch(flush: false);
        }

        _batch.Write(_line.WrittenSpan);
        _batchLines++;
    }

    private void WriteBatch(bool flush)
    {
        try
        {
            if (_batch.WrittenCount > 0)
            {
                _output.Write(_batch.WrittenSpan);
            }

            if (flush)
            {
                _output.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            // stdout closed or broken: these lines are lost, and said so by the counter and its warning.
            CountDropped(_batchLines);
        }

        _batch.ResetWrittenCount();
        _batchLines = 0;
    }

    // The simple console formatter's single-line shape: "<time> info: <category>[<event id>] <message>".
    private void FormatText(in Entry entry)
    {
        WriteTimestamp(entry.Timestamp);
        WriteText(entry.Level switch
        {
            LogLevel.Trace => " trce: ",
            LogLevel.Debug => " dbug: ",
            LogLevel.Information => " info: ",
            LogLevel.Warning => " warn: ",
            LogLevel.Error => " fail: ",
            _ => " crit: ",
        });
        WriteText(Category);
        WriteText("[");
        Span<byte> stamp = stackalloc byte[16];
        entry.EventId.TryFormat(stamp, out var length, provider: CultureInfo.InvariantCulture);
        _line.Write(stamp[..length]);
        WriteText("] ");
        if (entry.Message is null)
        {
            entry.Line.WriteMessage(_line);
        }
        else
        {
            WriteText(SingleLine(entry.Message));
        }

        if (entry.Exception is not null)
        {
            WriteText(" ");
            WriteText(SingleLine(entry.Exception.ToString()));
        }

        WriteText("\n");
    }

    // TimestampFormat, with the part up to the second formatted once per second: the lines of one second share it,
    // and parsing the custom pattern for every line was a third of the text line's cost under load.
    private void WriteTimestamp(DateTimeOffset at)
    {
        var second = at.Ticks / TimeSpan.TicksPerSecond;
        if (second != _stampSecond)
        {
            at.TryFormat(_stampPrefix, out _stampPrefixLength, TimestampSecondFormat, CultureInfo.InvariantCulture);
            _stampSecond = second;
        }

        _line.Write(_stampPrefix.AsSpan(0, _stampPrefixLength));
        var millisecond = at.Millisecond;
        var span = _line.GetSpan(4);
        span[0] = (byte)('0' + (millisecond / 100));
        span[1] = (byte)('0' + (millisecond / 10 % 10));
        span[2] = (byte)('0' + (millisecond % 10));
        span[3] = (byte)'Z';
        _line.Advance(4);
    }

    private static string SingleLine(string text) => LogText.Escape(text);

    private void WriteText(string text)
    {
        var span = _line.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _line.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    // The JSON console formatter's object: Timestamp, EventId, LogLevel, Category, Message, [Exception,] State.
    private void FormatJson(in Entry entry)
    {
        var json = _jsonWriter;
        json.Reset(_line);
        json.WriteStartObject();
        json.WriteString("Timestamp", entry.Timestamp.ToString(TimestampFormat, CultureInfo.InvariantCulture));
        json.WriteNumber("EventId", entry.EventId);
        json.WriteString("LogLevel", entry.Level.ToString());
        json.WriteString("Category", Category);
        if (entry.Message is null)
        {
            _scratch.ResetWrittenCount();
            entry.Line.WriteMessage(_scratch);
            json.WriteString("Message", _scratch.WrittenSpan);
        }
        else
        {
            json.WriteString("Message", entry.Message);
        }

        if (entry.Exception is not null)
        {
            json.WriteString("Exception", entry.Exception.ToString());
        }

        if (entry.Message is null)
        {
            var line = entry.Line;
            json.WriteStartObject("State");
            json.WriteString("Method", line.Method);
            json.WriteString("Path", line.Path);
            json.WriteNumber("Status", line.Status);
            json.WriteNumber("ElapsedMs", line.ElapsedMs);
            json.WriteString("ClusterId", line.ClusterId);
            json.WriteString("LatestVersion", line.LatestVersion);
            json.WriteString("Remote", line.Remote);
            json.WriteString("{OriginalFormat}", AccessLogLine.OriginalFormat);
            json.WriteEndObject();
        }
        else if (entry.State is { } state)
        {
            json.WriteStartObject("State");
            foreach (var (name, value) in state)
            {
                switch (value)
                {
                    case null: json.WriteNull(name); break;
                    case string s: json.WriteString(name, s); break;
                    case bool b: json.WriteBoolean(name, b); break;
                    case int i: json.WriteNumber(name, i); break;
                    case long l: json.WriteNumber(name, l); break;
                    case double d: json.WriteNumber(name, d); break;
                    default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();
        _line.Write("\n"u8);
    }

    // Either an access line (Message null: formatted from Line by the writer) or any other entry of the category.
    private readonly record struct Entry(
        DateTimeOffset Timestamp, LogLevel Level, int EventId, string? Message,
        IReadOnlyList<KeyValuePair<string, object?>>? State, Exception? Exception, AccessLogLine Line = default);

    private sealed class AccessLogger(AccessLogWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None)
            {
                return;
            }

            if (typeof(TState) == typeof(AccessLogLine) && exception is null)
            {
                // The request's own thread neither formats nor boxes: the writer's loop does the rest.
                var line = Unsafe.As<TState, AccessLogLine>(ref state);
                writer.Enqueue(new Entry(writer._time.GetUtcNow(), logLevel, eventId.Id, null, null, null, line));
                return;
            }

            // Only the JSON lines carry the structured fields; text needs just the message.
            var fields = writer._json ? state as IReadOnlyList<KeyValuePair<string, object?>> : null;
            writer.Enqueue(new Entry(writer._time.GetUtcNow(), logLevel, eventId.Id, formatter(state, exception), fields, exception));
        }
    }
}
