using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Controller.Hosting;

/// <summary>
/// Gives the memory of a burst of work back to the system. The controller is idle most of the time and works in
/// bursts (a rollout, a re-list): each watch event replaces a cached object, and the garbage that reached the older
/// generations stays committed long after the burst, because the GC keeps freed regions for later. After every
/// <see cref="Threshold"/> of allocations, at most once per <see cref="Interval"/>, one blocking, compacting
/// collection returns the freed regions. An idle controller allocates next to nothing and is never collected.
/// The collection stops every thread while it runs (11 ms on average during a 1,000-node rollout), so the trims keep to
/// a pause budget: after one that took t, the next waits at least <see cref="PauseBudget"/> times t, which keeps
/// the controller collecting for at most 0.2% of the time (every second, 102 trims added 1.1 s to a 105 s rollout of
/// 1,000 nodes). On by default in the controller's own process only (<c>Program</c>); an in-process host's heap is
/// not the controller's. Figures in bench/README.md (ninth pass).
/// </summary>
public sealed partial class MemoryTrimService : BackgroundService
{
    /// <summary>Twice the first generation's budget (2 MiB, Controller.csproj): less would collect on every few gen0 collections.</summary>
    public const long Threshold = 4 << 20;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How many times its own length a collection waits before the next one may run.</summary>
    public const int PauseBudget = 500;

    private readonly TimeProvider _time;
    private readonly ILogger<MemoryTrimService> _logger;
    private readonly Func<long> _allocatedBytes;
    private readonly Action _collect;
    private int _ticks;

    public MemoryTrimService(TimeProvider time, ILogger<MemoryTrimService> logger)
        : this(time, logger, ProcessAllocations, FullCollection)
    {
    }

    /// <param name="allocatedBytes">the process's allocations so far (tests count their own)</param>
    /// <param name="collect">the collection (tests record it)</param>
    internal MemoryTrimService(TimeProvider time, ILogger<MemoryTrimService> logger, Func<long> allocatedBytes, Action collect)
    {
        _time = time;
        _logger = logger;
        _allocatedBytes = allocatedBytes;
        _collect = collect;
    }

    /// <summary>Collections run so far (tests read it).</summary>
    internal int Trims { get; private set; }

    /// <summary>Intervals looked at so far, collected or not (tests wait on it).</summary>
    internal int Ticks => Volatile.Read(ref _ticks);

    internal static long ProcessAllocations() => GC.GetTotalAllocatedBytes();

    /// <summary>Blocking and compacting, and aggressive: the freed regions go back to the system at once.</summary>
    internal static void FullCollection() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The timer first: a test moves its clock once it has seen the first read.
        using var timer = new PeriodicTimer(Interval, _time);
        var atLastTrim = _allocatedBytes();
        var notBefore = _time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_time.GetUtcNow() >= notBefore && _allocatedBytes() - atLastTrim >= Threshold)
                {
                    var started = _time.GetTimestamp();
                    _collect();
                    var took = _time.GetElapsedTime(started);
                    atLastTrim = _allocatedBytes();
                    notBefore = _time.GetUtcNow() + took * (PauseBudget - 1);
                    Trims++;
                    LogTrimmed(_logger, took.TotalMilliseconds, GC.GetTotalMemory(forceFullCollection: false));
                }

                Volatile.Write(ref _ticks, _ticks + 1);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory trimmed: a full collection took {Milliseconds:F1} ms, heap now {HeapBytes} bytes")]
    private static partial void LogTrimmed(ILogger logger, double milliseconds, long heapBytes);
}
