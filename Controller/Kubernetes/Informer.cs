using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Controller.Kubernetes;

/// <summary>One page of a list: the items and the resourceVersion to watch from.</summary>
public sealed record ListResult<T>(IList<T> Items, string ResourceVersion);

/// <summary>
/// A list-then-watch cache of one kind: lists, watches from the list's resourceVersion, resumes from the
/// last seen version after a dropped connection, re-lists on 410 Gone, reconnects with jittered
/// backoff, and tells subscribers about every change. Keys are <c>namespace/name</c> (or <c>name</c>).
/// </summary>
public sealed partial class Informer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly string _kind;
    private readonly Func<CancellationToken, Task<ListResult<T>>> _list;
    private readonly Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, T> _items = new();
    private readonly Action<T>? _trim;

    // The version of each object the subscribers were last told about (or one equivalent to it). Equivalence is
    // judged against this, not the cache: our own writes enter the cache through Remember without a change, and
    // their watch echo must still wake the subscribers when it differs from what they last heard.
    private readonly ConcurrentDictionary<string, T> _notified = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Informer(
        string kind,
        Func<CancellationToken, Task<ListResult<T>>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        ILogger logger,
        Action<T>? trim = null)
    {
        _kind = kind;
        _list = list;
        _watch = watch;
        _logger = logger;
        _trim = trim;
    }

    /// <summary>Called with the object after every add, update or delete (for a delete: the last known state).</summary>
    public event Action<T>? Changed;

    public Task Synced => _synced.Task;

    /// <summary>
    /// Says when a new version of an object is, for the subscribers, the same as the one they were last told
    /// about: the cache takes it, but <see cref="Changed"/> is not raised. Null: every new version is a change.
    /// </summary>
    public Func<T, T, bool>? Equivalent { get; set; }

    public ICollection<T> Items => _items.Values;

    public T? Get(string key) => _items.TryGetValue(key, out var item) ? item : null;

    public static string KeyOf(T item) =>
        string.IsNullOrEmpty(item.Metadata.NamespaceProperty) ? item.Metadata.Name : $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";

    /// <summary>Write-through after our own successful write, so the next decision does not see an older copy.</summary>
    /// <remarks>The watch may already have delivered a newer state (a fast Job finishes before our PATCH returns): keep that.</remarks>
    public void Remember(T item)
    {
        if (!IsOlderThanCached(item))
        {
            _trim?.Invoke(item);
            _items[KeyOf(item)] = item;
        }
    }

    /// <summary>Write-through after our own successful delete.</summary>
    public void Forget(string key) => _items.TryRemove(key, out _);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await RelistAsync(cancellationToken).ConfigureAwait(false);
                    _synced.TrySetResult();
                }

                var (lastVersion, expired) = await WatchOnceAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
                resourceVersion = expired ? null : lastVersion;
                if (expired)
                {
                    LogExpired(_logger, _kind);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (IsGone(e))
                {
                    resourceVersion = null;
                    LogExpired(_logger, _kind);
                    continue;
                }

                failures++;
                var delay = Backoff(failures);
                LogWatchFailed(_logger, _kind, delay.TotalMilliseconds, e);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var result = await _list(cancellationToken).ConfigureAwait(false);
        var fresh = result.Items.ToDictionary(KeyOf);
        foreach (var item in fresh.Values)
        {
            _trim?.Invoke(item);
        }

        foreach (var (key, old) in _items)
        {
            if (!fresh.ContainsKey(key) && _items.TryRemove(key, out _))
            {
                _notified.TryRemove(key, out _);
                Changed?.Invoke(old);
            }
        }

        foreach (var key in _notified.Keys.Where(k => !fresh.ContainsKey(k)).ToList())
        {
            _notified.TryRemove(key, out _);
        }

        foreach (var (key, item) in fresh)
        {
            _items[key] = item;
            Notify(key, item);
        }

        LogListed(_logger, _kind, fresh.Count, result.ResourceVersion);
        return result.ResourceVersion;
    }

    private async Task<(string ResourceVersion, bool Expired)> WatchOnceAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = false;
        Exception? failure = null;
        void OnError(Exception e)
        {
            // The client reports ERROR events and broken streams here; without this handler they vanish.
            if (IsGone(e))
            {
                expired = true;
            }
            else
            {
                failure = e;
            }

            stop.Cancel();
        }

        try
        {
            await foreach (var (type, item) in _watch(resourceVersion, OnError, stop.Token).ConfigureAwait(false))
            {
                if (item?.Metadata is null)
                {
                    continue;
                }

                if (!string.IsNullOrEmpty(item.Metadata.ResourceVersion))
                {
                    resourceVersion = item.Metadata.ResourceVersion;
                }

                _trim?.Invoke(item);

                switch (type)
                {
                    case WatchEventType.Added:
                    case WatchEventType.Modified:
                        if (IsOlderThanCached(item))
                        {
                            break;
                        }

                        _items[KeyOf(item)] = item;
                        Notify(KeyOf(item), item);
                        break;
                    case WatchEventType.Deleted:
                        // A delete of an older object of the same name (re-created since) must not drop the new one.
                        if (_items.TryGetValue(KeyOf(item), out var cached) && cached.Metadata.Uid != item.Metadata.Uid && !string.IsNullOrEmpty(item.Metadata.Uid))
                        {
                            break;
                        }

                        _items.TryRemove(KeyOf(item), out _);
                        _notified.TryRemove(KeyOf(item), out _);
                        Changed?.Invoke(item);
                        break;
                    case WatchEventType.Bookmark:
                        break;
                    case WatchEventType.Error:
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by OnError.
        }

        if (failure is not null && !expired)
        {
            throw new InvalidOperationException($"watch of {_kind} failed", failure);
        }

        return (resourceVersion, expired);
    }

    private void Notify(string key, T item)
    {
        var told = _notified.TryGetValue(key, out var last) ? last : null;
        var same = told is not null
            && (told.Metadata.ResourceVersion == item.Metadata.ResourceVersion || (Equivalent is { } equivalent && equivalent(told, item)));
        _notified[key] = item;
        if (!same)
        {
            Changed?.Invoke(item);
        }
    }

    // Our own writes are remembered at once; an older event still in flight must not undo them.
    // resourceVersions are opaque, so this only applies when both are plain integers (etcd's are).
    private bool IsOlderThanCached(T item) =>
        _items.TryGetValue(KeyOf(item), out var cached)
        && cached.Metadata.Uid == item.Metadata.Uid
        && ulong.TryParse(cached.Metadata.ResourceVersion, out var cachedVersion)
        && ulong.TryParse(item.Metadata.ResourceVersion, out var incoming)
        && incoming < cachedVersion;

    private static bool IsGone(Exception e) => e switch
    {
        KubernetesException k => k.Status?.Code == 410,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        { InnerException: { } inner } => IsGone(inner),
        _ => false,
    };

    private static TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(30_000, 200 * Math.Pow(2, Math.Min(failures, 10)));
        return TimeSpan.FromMilliseconds((ceiling / 2) + Random.Shared.NextDouble() * ceiling / 2);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Kind}: {Count} items at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} expired (410 Gone); listing again")]
    private static partial void LogExpired(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} failed; reconnecting in {DelayMs} ms")]
    private static partial void LogWatchFailed(ILogger logger, string kind, double delayMs, Exception exception);
}
