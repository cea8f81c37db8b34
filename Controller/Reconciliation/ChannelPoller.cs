using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Contracts.Channels;
using Controller.Planning;
using Microsoft.Extensions.Logging;

namespace Controller.Reconciliation;

/// <summary>
/// Polls channel URLs off the reconcile workers: each URL at most once per polling interval however many
/// Plans follow it (failures retry sooner, with backoff), at most <see cref="MaxConcurrentPolls"/> at once,
/// each cut off after <see cref="PollTimeout"/>. The last answer and ETag are kept, so unchanged channels cost
/// a 304 and a Plan always reconciles with the last answer at hand. Requests never follow redirects.
/// </summary>
public sealed partial class ChannelPoller(HttpMessageHandler handler, TimeSpan interval, TimeProvider time, ControllerMetrics metrics, ILogger logger) : IDisposable
{
    public const string ClusterIdHeader = ChannelRequestHeaders.ClusterId;
    public const string LatestVersionHeader = ChannelRequestHeaders.LatestVersion;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);

    // The timeout is per poll (below); the client's own would only add a second, shared one.
    private readonly HttpClient _http = new(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly CancellationTokenSource _stopping = new();
    private SemaphoreSlim? _slots;

    public static HttpMessageHandler DefaultHandler() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public TimeSpan Interval => interval;

    /// <summary>How long one poll may take before it counts as a failure (the reference's HTTP client waits 30 s).</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many channels are polled at the same time; the others wait their turn.</summary>
    public int MaxConcurrentPolls { get; init; } = 4;

    /// <summary>A poll of this URL finished: the Plans following it have a new answer to reconcile with.</summary>
    public event Action<string>? Answered;

    /// <summary>How many requests went out (for tests and metrics).</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>
    /// The last answer for the URL (null before the first one) without waiting; starts a poll in the background
    /// when one is due. <c>NextDue</c> is when to look again (<see cref="Answered"/> also tells).
    /// </summary>
    public (ChannelAnswer? Answer, TimeSpan NextDue) Peek(string url, string clusterId, string? latestVersion)
    {
        var entry = _entries.GetOrAdd(url, _ => new Entry());
        var poll = StartIfDue(url, entry, clusterId, latestVersion);
        return Current(entry, polling: !poll.IsCompleted);
    }

    /// <summary>The channel's answer once any due poll of it has finished.</summary>
    public async Task<(ChannelAnswer Answer, TimeSpan NextDue)> GetAsync(string url, string clusterId, string? latestVersion, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(url, _ => new Entry());
        await StartIfDue(url, entry, clusterId, latestVersion).WaitAsync(ct).ConfigureAwait(false);
        var (answer, due) = Current(entry, polling: false);
        return (answer!, due);
    }

    private Task StartIfDue(string url, Entry entry, string clusterId, string? latestVersion)
    {
        lock (entry)
        {
            if (entry.InFlight is { IsCompleted: false } running)
            {
                return running;
            }

            if (time.GetUtcNow() < entry.Due)
            {
                return Task.CompletedTask;
            }

            return entry.InFlight = Task.Run(() => PollAndStoreAsync(url, entry, clusterId, latestVersion));
        }
    }

    private (ChannelAnswer? Answer, TimeSpan NextDue) Current(Entry entry, bool polling)
    {
        lock (entry)
        {
            var wait = entry.Due - time.GetUtcNow();
            // While a poll runs, its end wakes the Plans; the timeout bounds the wait should that be missed.
            return (entry.LastError ?? entry.Answer, polling || wait < TimeSpan.Zero ? PollTimeout : wait);
        }
    }

    private async Task PollAndStoreAsync(string url, Entry entry, string clusterId, string? latestVersion)
    {
        var slots = LazyInitializer.EnsureInitialized(ref _slots, () => new SemaphoreSlim(Math.Max(1, MaxConcurrentPolls)));
        try
        {
            await slots.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var answer = await PollAsync(url, clusterId, latestVersion, entry).ConfigureAwait(false);
            if (answer is null)
            {
                return;
            }

            lock (entry)
            {
                var now = time.GetUtcNow();
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
        }
        finally
        {
            slots.Release();
        }

        Answered?.Invoke(url);
    }

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, FirstRetry.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16))));

    /// <summary>One request; null only when the poller is being stopped.</summary>
    private async Task<ChannelAnswer?> PollAsync(string url, string clusterId, string? latestVersion, Entry entry)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ChannelAnswer.Failure($"channel {url} is not an http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(ClusterIdHeader, clusterId);
        request.Headers.TryAddWithoutValidation(LatestVersionHeader, latestVersion ?? "");
        EntityTagHeaderValue? etag;
        ChannelAnswer? previous;
        lock (entry)
        {
            (etag, previous) = (entry.ETag, entry.Answer);
        }

        if (etag is not null && previous is not null)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        Interlocked.Increment(ref _requests);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(PollTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && previous is not null)
            {
                metrics.ChannelResolutions.WithLabels("not_modified").Inc();
                return previous;
            }

            var location = response.Headers.Location?.OriginalString;
            var answer = ChannelAnswer.FromResponse(uri, response.StatusCode, location);
            if (answer.Succeeded)
            {
                lock (entry)
                {
                    entry.ETag = response.Headers.ETag;
                }
            }

            metrics.ChannelResolutions.WithLabels(answer.Succeeded ? "success" : "failure").Inc();
            LogPolled(logger, url, (int)response.StatusCode, answer.Version ?? answer.Error ?? "");
            return answer;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException e)
        {
            metrics.ChannelResolutions.WithLabels("failure").Inc();
            LogPollFailed(logger, url, e);
            return ChannelAnswer.Failure($"channel {url}: no answer within {PollTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            metrics.ChannelResolutions.WithLabels("failure").Inc();
            LogPollFailed(logger, url, e);
            return ChannelAnswer.Failure($"channel {url}: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Not disposed: polls still starting read its token, and it holds no timer.
        _stopping.Cancel();
        _http.Dispose();
    }

    private int _disposed;

    private sealed class Entry
    {
        public Task? InFlight { get; set; }
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
