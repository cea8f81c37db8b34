using System.Collections.Concurrent;

namespace Controller.Kubernetes;

/// <summary>
/// Which events were written lately, so the same one is written once per quiet period. Bounded: past
/// <see cref="Limit"/> entries, those whose quiet period is over are dropped first, then the oldest, so a
/// long-running controller does not keep every message it ever wrote.
/// </summary>
public sealed class RecentEvents(TimeSpan quiet, int limit = RecentEvents.DefaultLimit)
{
    public const int DefaultLimit = 4096;

    private readonly ConcurrentDictionary<(string Plan, string Reason, string Message), DateTimeOffset> _at = new();
    private readonly Lock _trim = new();

    public int Limit => limit;

    public int Count => _at.Count;

    /// <summary>False when the same event was written less than the quiet period ago; otherwise remembers it.</summary>
    public bool TryRemember((string Plan, string Reason, string Message) key, DateTimeOffset now)
    {
        if (_at.TryGetValue(key, out var last) && now - last < quiet)
        {
            return false;
        }

        _at[key] = now;
        if (_at.Count > limit)
        {
            Trim(now);
        }

        return true;
    }

    /// <summary>An event that could not be written is tried again next time.</summary>
    public void Forget((string Plan, string Reason, string Message) key) => _at.TryRemove(key, out _);

    private void Trim(DateTimeOffset now)
    {
        lock (_trim)
        {
            foreach (var (key, at) in _at)
            {
                if (now - at >= quiet)
                {
                    _at.TryRemove(key, out _);
                }
            }

            var excess = _at.Count - limit;
            if (excess > 0)
            {
                foreach (var (key, _) in _at.OrderBy(kv => kv.Value).Take(excess).ToList())
                {
                    _at.TryRemove(key, out _);
                }
            }
        }
    }
}
