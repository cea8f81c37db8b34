using Controller.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TestSupport;

namespace Controller.Tests;

/// <summary>The collection after a burst of work: after every 4 MiB allocated, at most once a second, never when idle.</summary>
public sealed class MemoryTrimServiceTests
{
    [Fact]
    public async Task An_idle_controller_is_never_collected()
    {
        await using var trim = await TrimAsync();

        await trim.TickAsync(10, allocateEach: 1024);

        Assert.Equal(0, trim.Collections);
        Assert.Equal(0, trim.Service.Trims);
    }

    [Fact]
    public async Task A_burst_of_allocations_is_collected_once_at_the_next_tick_and_not_again_until_the_next_burst()
    {
        await using var trim = await TrimAsync();

        await trim.TickAsync(1, allocateEach: MemoryTrimService.Threshold - 1);
        Assert.Equal(0, trim.Collections);

        await trim.TickAsync(1, allocateEach: 1);
        Assert.Equal(1, trim.Collections);

        // Three thresholds' worth within one interval still make one collection: at most one a tick.
        await trim.TickAsync(1, allocateEach: 3 * MemoryTrimService.Threshold);
        Assert.Equal(2, trim.Collections);

        await trim.TickAsync(5, allocateEach: 0);
        Assert.Equal(2, trim.Collections);
        Assert.Equal(2, trim.Service.Trims);
    }

    [Fact]
    public async Task A_collection_that_took_t_waits_500_t_before_the_next_so_a_busy_controller_pauses_for_at_most_0_2_percent_of_the_time()
    {
        await using var trim = await TrimAsync(new Probe(null, null, collectionTakes: TimeSpan.FromMilliseconds(10)));

        await trim.TickAsync(1, allocateEach: MemoryTrimService.Threshold);
        Assert.Equal(1, trim.Collections);

        // 10 ms of collection: nothing more for 5 s from its start, however much is allocated meanwhile.
        await trim.TickAsync(4, allocateEach: MemoryTrimService.Threshold);
        Assert.Equal(1, trim.Collections);

        await trim.TickAsync(1, allocateEach: MemoryTrimService.Threshold);
        Assert.Equal(2, trim.Collections);
    }

    [Fact]
    public async Task The_process_trim_counts_the_process_allocations_and_runs_a_full_collection()
    {
        await using var trim = await TrimAsync(new Probe(MemoryTrimService.ProcessAllocations, MemoryTrimService.FullCollection));
        var blockingBefore = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;

        // Allocations are counted for the whole process; these alone pass the threshold. Small arrays: large ones
        // could start a full collection of their own.
        var kept = 0L;
        for (var i = 0; i < MemoryTrimService.Threshold / 4096 + 16; i++)
        {
            kept += new byte[4096].Length;
        }

        await trim.TickAsync(1, allocateEach: 0);

        Assert.True(kept > MemoryTrimService.Threshold);
        Assert.Equal(1, trim.Service.Trims);
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(blocking.Index > blockingBefore, "no full blocking collection ran");
        Assert.True(blocking.Compacted, "the full collection did not compact");
    }

    private static async Task<Probe> TrimAsync(Probe? probe = null)
    {
        probe ??= new Probe(null, null);
        await probe.Service.StartAsync(CancellationToken.None);
        // The loop starts on a thread of its own and makes its timer before its first read: only then may the clock move.
        await Eventually.UntilAsync(() => probe.Reads > 0, "the trim loop started");
        return probe;
    }

    /// <summary>A trim on a fake clock; by default the test makes and counts its allocations and collections.</summary>
    private sealed class Probe : IAsyncDisposable
    {
        private readonly FakeTimeProvider _time = new();
        private long _allocated = 1 << 30;
        private int _reads;
        private int _collections;

        /// <param name="collectionTakes">how far a collection moves the fake clock (its pause); none by default</param>
        public Probe(Func<long>? allocatedBytes, Action? collect, TimeSpan collectionTakes = default)
        {
            Service = new MemoryTrimService(
                _time,
                NullLogger<MemoryTrimService>.Instance,
                () =>
                {
                    Interlocked.Increment(ref _reads);
                    return allocatedBytes?.Invoke() ?? Interlocked.Read(ref _allocated);
                },
                () =>
                {
                    Interlocked.Increment(ref _collections);
                    collect?.Invoke();
                    _time.Advance(collectionTakes);
                });
        }

        public MemoryTrimService Service { get; }

        public int Reads => Volatile.Read(ref _reads);

        public int Collections => Volatile.Read(ref _collections);

        /// <summary>Allocates, then moves the clock one interval and waits until the loop has looked, for each tick.</summary>
        public async Task TickAsync(int ticks, long allocateEach)
        {
            for (var i = 0; i < ticks; i++)
            {
                Interlocked.Add(ref _allocated, allocateEach);
                var seen = Service.Ticks;
                _time.Advance(MemoryTrimService.Interval);
                await Eventually.UntilAsync(() => Service.Ticks > seen, "the trim loop took the tick");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Service.StopAsync(CancellationToken.None);
            Service.Dispose();
        }
    }
}
