using Microsoft.Extensions.Logging;

namespace ChannelServer.Serving;

/// <summary>The server's log lines, source-generated and structured.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Refresh succeeded: config from {ConfigSource}, releases from {ReleaseOrigins}; {ChannelCount} channels in {PrefixCount} prefixes, took {ElapsedMs} ms")]
    public static partial void RefreshSucceeded(ILogger logger, string configSource, string releaseOrigins, int channelCount, int prefixCount, long elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "Refresh failed, {Keeping}: {Reason}")]
    public static partial void RefreshFailed(ILogger logger, string keeping, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Config source {Source} skipped: {Reason}")]
    public static partial void ConfigSourceSkipped(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "GitHub unreachable for {Repository} with nothing served yet; serving releases from {Origin} instead. GitHub error: {Reason}")]
    public static partial void ReleasesFromFallback(ILogger logger, string repository, string origin, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug,
        Message = "Channel {Channel}: tag {Tag} matches but is not a version; skipped")]
    public static partial void UnparsableTag(ILogger logger, string channel, string tag);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "Could not save the last good release list of {Repository} to {Path}: {Reason}")]
    public static partial void StateNotSaved(ILogger logger, string repository, string? path, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "Config file {Path} changed; refreshing now")]
    public static partial void ConfigFileChanged(ILogger logger, string path);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "Start: {Options}")]
    public static partial void Starting(ILogger logger, string options);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "No channel index could be built at start; answering 503 until a refresh succeeds (next try in {RetrySeconds} s)")]
    public static partial void ServingNothing(ILogger logger, double retrySeconds);

    // Hand-written (see AccessLogLine): the access log's writer takes its fields without formatting them.
    public static void Access(ILogger logger, string method, string path, int status, double elapsedMs, string? clusterId, string? latestVersion, string? remote) =>
        logger.Log(LogLevel.Information, new EventId(AccessLogLine.EventId, nameof(Access)),
            new AccessLogLine(method, path, status, elapsedMs, clusterId, latestVersion, remote), null, AccessLogLine.Formatter);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error,
        Message = "Unhandled error answering {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "{Dropped} access log lines dropped since the last report (queue full or stdout failing); {TotalDropped} since start")]
    public static partial void AccessLogLinesDropped(ILogger logger, long dropped, long totalDropped);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning,
        Message = "The last good release list of {Repository} in {Path} cannot be used ({Reason}); trying the next fallback. The file is kept; the next successful refresh overwrites it")]
    public static partial void StateUnusable(ILogger logger, string repository, string? path, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug,
        Message = "A watched directory changed, but no watched file's content did; no refresh")]
    public static partial void WatchedFilesUnchanged(ILogger logger);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error,
        Message = "Releases of prefix /{Prefix} not renewed, {Keeping}: {Reason}")]
    public static partial void PrefixReleasesNotRenewed(ILogger logger, string prefix, string keeping, string reason);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning,
        Message = "Serving the releases of {Repository} from the bundled snapshot {Path}, dated {Date}: GitHub is configured but gave no list; channels may be months behind")]
    public static partial void ServingBundledSnapshot(ILogger logger, string repository, string path, string date);

    [LoggerMessage(EventId = 17, Level = LogLevel.Critical,
        Message = "Refresh failed and --refresh-fatal is set; stopping: {Reason}")]
    public static partial void RefreshFatal(ILogger logger, string reason);

    [LoggerMessage(EventId = 18, Level = LogLevel.Information,
        Message = "Metrics and /livez listening on {Url}")]
    public static partial void MetricsListening(ILogger logger, string url);

    [LoggerMessage(EventId = 19, Level = LogLevel.Information,
        Message = "Channel /{Prefix}/channels/{Channel} moved from {From} to {To} ({Reason})")]
    public static partial void ChannelMoved(ILogger logger, string prefix, string channel, string from, string to, string reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "Channel history not kept in the state dir: {Reason}")]
    public static partial void HistoryProblem(ILogger logger, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "Channel /{Prefix}/channels/{Channel} {Held}")]
    public static partial void ChannelHeld(ILogger logger, string prefix, string channel, string held);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug,
        Message = "Memory returned after the refresh: full collection took {Milliseconds:F1} ms, {HeapBytes} bytes of heap in use")]
    public static partial void MemoryTrimmed(ILogger logger, double milliseconds, long heapBytes);
}
