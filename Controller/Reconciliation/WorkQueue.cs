namespace Controller.Reconciliation;

/// <summary>
/// A de-duplicating work queue of keys, as client-go's: a key is queued at most once; a key added while
/// being processed is processed again afterwards (never by two workers at once); timed re-queues keep
/// the earliest due time; failures back off per key exponentially.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<string> _ready = new();
    private readonly HashSet<string> _queued = [];
    private readonly HashSet<string> _processing = [];
    private readonly HashSet<string> _dirty = [];
    private readonly Dictionary<string, (DateTimeOffset Due, ITimer Timer)> _delayed = [];
    private readonly Dictionary<string, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private bool _disposed;

    public WorkQueue(TimeProvider time, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        _time = time;
        _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(200);
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(60);
    }

    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_processing.Contains(key))
            {
                _dirty.Add(key);
                return;
            }

            if (_queued.Add(key))
            {
                _ready.AddLast(key);
                _available.Release();
            }
        }
    }

    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(
                _ =>
                {
                    lock (_gate)
                    {
                        if (_delayed.TryGetValue(key, out var current) && current.Due == due)
                        {
                            current.Timer.Dispose();
                            _delayed.Remove(key);
                        }
                    }

                    Add(key);
                },
                null,
                delay,
                Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
        }
    }

    /// <summary>Re-queue after a failure, waiting longer each time the same key fails in a row.</summary>
    public void Retry(string key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }

        var delay = TimeSpan.FromMilliseconds(Math.Min(_maxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20))));
        AddAfter(key, delay);
    }

    /// <summary>The key succeeded: its backoff starts over.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_ready.First is { } first)
                {
                    _ready.RemoveFirst();
                    _queued.Remove(first.Value);
                    _processing.Add(first.Value);
                    return first.Value;
                }
            }
        }
    }

    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Remove(key) && _queued.Add(key))
            {
                _ready.AddLast(key);
                _available.Release();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (_, (_, timer)) in _delayed)
            {
                timer.Dispose();
            }

            _delayed.Clear();
        }
    }
}
