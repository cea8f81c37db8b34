using System.Collections.Concurrent;

namespace Sandbox.Api;

/// <summary>
/// Robustness faults, all drawn from one seeded generator so a run can be repeated: a share of
/// writes answered 500 or 409, a share of requests slowed, watch connections cut at random.
/// The rates can be changed while the sandbox runs (set up a cluster cleanly, then turn faults on).
/// </summary>
public sealed class FaultInjector(int seed)
{
    private readonly Random _random = new(seed);
    private readonly ConcurrentDictionary<string, long> _injected = new(StringComparer.Ordinal);

    public double WriteErrorRate { get; set; }
    public double WriteConflictRate { get; set; }
    public double SlowRequestRate { get; set; }
    public TimeSpan SlowRequestDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Chance, per event sent, that the watch stream is cut (ended) right after it.</summary>
    public double WatchCutRate { get; set; }

    public bool Enabled => WriteErrorRate > 0 || WriteConflictRate > 0 || SlowRequestRate > 0 || WatchCutRate > 0;

    /// <summary>Faults injected so far, by kind (write-error, conflict, slow, watch-cut).</summary>
    public IReadOnlyDictionary<string, long> Injected => _injected;

    /// <summary>Draws a fault of this kind and counts it when it happens.</summary>
    public bool Draw(double rate, string kind)
    {
        if (!Draw(rate))
        {
            return false;
        }

        _injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
        return true;
    }

    public bool Draw(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (_random)
        {
            return _random.NextDouble() < rate;
        }
    }
}
