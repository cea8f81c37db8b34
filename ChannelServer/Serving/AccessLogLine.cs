using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;

namespace ChannelServer.Serving;

/// <summary>
/// The state of one access log entry, hand-written instead of [LoggerMessage]-generated: any logger
/// gets the usual message and structured fields from it, while <see cref="AccessLogWriter"/> takes the
/// fields as they are and formats the line off the request path, straight to UTF-8 (building the
/// message string per request was most of the access log's cost).
/// </summary>
public readonly struct AccessLogLine(string method, string path, int status, double elapsedMs, string? clusterId, string? latestVersion, string? remote)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const int EventId = 10;
    public const string OriginalFormat = "{Method} {Path} {Status} {ElapsedMs:0.###} ms cluster={ClusterId} latest={LatestVersion} remote={Remote}";

    public static readonly Func<AccessLogLine, Exception?, string> Formatter = (line, _) => line.ToString();

    public string Method { get; } = method;
    public string Path { get; } = path;
    public int Status { get; } = status;
    public double ElapsedMs { get; } = elapsedMs;
    public string? ClusterId { get; } = clusterId;
    public string? LatestVersion { get; } = latestVersion;
    public string? Remote { get; } = remote;

    public int Count => 8;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Method", Method),
        1 => new("Path", Path),
        2 => new("Status", Status),
        3 => new("ElapsedMs", ElapsedMs),
        4 => new("ClusterId", ClusterId),
        5 => new("LatestVersion", LatestVersion),
        6 => new("Remote", Remote),
        7 => new("{OriginalFormat}", OriginalFormat),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteMessage(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The message, as UTF-8: <c>GET /v1-release/channels/stable 302 0.05 ms cluster=c latest=v remote=10.0.0.1</c>.</summary>
    public void WriteMessage(IBufferWriter<byte> output)
    {
        Write(output, Method);
        output.Write(" "u8);
        Write(output, Path);
        output.Write(" "u8);
        var span = output.GetSpan(32);
        Status.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        output.Advance(written);
        output.Write(" "u8);
        span = output.GetSpan(64);
        ElapsedMs.TryFormat(span, out written, "0.###", CultureInfo.InvariantCulture);
        output.Advance(written);
        output.Write(" ms cluster="u8);
        Write(output, ClusterId);
        output.Write(" latest="u8);
        Write(output, LatestVersion);
        output.Write(" remote="u8);
        Write(output, Remote);
    }

    private static void Write(IBufferWriter<byte> output, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            // A request path may carry a CR/LF or an escape sequence (percent-decoded): never raw into the line.
            text = LogText.Escape(text);
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, span));
        }
    }
}
