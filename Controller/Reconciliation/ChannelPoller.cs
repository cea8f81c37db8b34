using Contracts.Channels;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Controller.Planning;
using Microsoft.Extensions.Logging;

namespace Controller.Reconciliation;

/// <summary>
/// Polls channel URLs, each at most once per polling interval (failures retry sooner, with backoff), and
/// remembers the last answer and ETag so unchanged channels cost a 304. Requests never follow redirects.
/// </summary>
public sealed partial class ChannelPoller(HttpMessageHandler handler, TimeSpan interval, TimeProvider time, ILogger logger) : IDisposable
{
    public const string ClusterIdHeader = ChannelRequestHeaders.ClusterId;
    public const string LatestVersionHeader = ChannelRequestHeaders.LatestVersion;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http = new(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    public static HttpMessageHandler DefaultHandler() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public TimeSpan Interval => interval;

    /// <summary>How many requests went out (for tests and metrics).</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>The channel's answer, polling it now if it is due; <c>NextDue</c> is when to look again.</summary>
    public async Task<(ChannelAnswer Answer, TimeSpan NextDue)> GetAsync(string url, string clusterId, string? latestVersion, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(url, _ => new Entry());
        await entry.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (now >= entry.Due)
            {
                var answer = await PollAsync(url, clusterId, latestVersion, entry, ct).ConfigureAwait(false);
                entry.Failures = answer.Succeeded ? 0 : entry.Failures + 1;
                entry.FailingSince = answer.Succeeded ? null : entry.FailingSince ?? now;
                // A failure keeps the last good answer for the decision, but is reported through Error.
                entry.LastError = answer.Succeeded ? null : answer with { LastGoodAt = entry.LastGoodAt, FailingSince = entry.FailingSince };
                if (answer.Succeeded)
                {
                    entry.Answer = answer;
                    entry.LastGoodAt = now;
                }

                entry.Due = now + (answer.Succeeded ? interval : Backoff(entry.Failures));
            }

            var result = entry.LastError ?? entry.Answer!;
            return (result, entry.Due - now);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, FirstRetry.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16))));

    private async Task<ChannelAnswer> PollAsync(string url, string clusterId, string? latestVersion, Entry entry, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return ChannelAnswer.Failure($"channel {url} is not an absolute URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(ClusterIdHeader, clusterId);
        request.Headers.TryAddWithoutValidation(LatestVersionHeader, latestVersion ?? "");
        if (entry.ETag is not null && entry.Answer is not null)
        {
            request.Headers.IfNoneMatch.Add(entry.ETag);
        }

        Interlocked.Increment(ref _requests);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && entry.Answer is not null)
            {
                ControllerMetrics.ChannelResolutions.WithLabels("not_modified").Inc();
                return entry.Answer;
            }

            var location = response.Headers.Location?.OriginalString;
            var answer = ChannelAnswer.FromResponse(uri, response.StatusCode, location);
            if (answer.Succeeded)
            {
                entry.ETag = response.Headers.ETag;
            }

            ControllerMetrics.ChannelResolutions.WithLabels(answer.Succeeded ? "success" : "failure").Inc();
            LogPolled(logger, url, (int)response.StatusCode, answer.Version ?? answer.Error ?? "");
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            ControllerMetrics.ChannelResolutions.WithLabels("failure").Inc();
            LogPollFailed(logger, url, e);
            return ChannelAnswer.Failure($"channel {url}: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public ChannelAnswer? Answer { get; set; }
        public ChannelAnswer? LastError { get; set; }
        public EntityTagHeaderValue? ETag { get; set; }
        public DateTimeOffset Due { get; set; }
        public DateTimeOffset? LastGoodAt { get; set; }
        public DateTimeOffset? FailingSince { get; set; }
        public int Failures { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Url} answered {Status}: {Result}")]
    private static partial void LogPolled(ILogger logger, string url, int status, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Url} could not be read")]
    private static partial void LogPollFailed(ILogger logger, string url, Exception exception);
}
