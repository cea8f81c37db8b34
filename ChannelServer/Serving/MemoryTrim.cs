using System.Diagnostics;

namespace ChannelServer.Serving;

/// <summary>
/// Gives the memory of a refresh back at once. A refresh replaces the index, the release list and the
/// channels' compiled patterns (the non-backtracking engine builds hundreds of kilobytes per pattern), so
/// right after it most of the heap is garbage that has lived long enough to reach the oldest generation,
/// where the GC would leave it, resident, until much later. Between refreshes (15 minutes by default) the
/// server answers from the small index it keeps: one blocking, compacting collection that also returns the
/// freed regions to the system keeps the process near that size. It is one blocking collection of a heap of
/// about 10 MB per refresh (its time is logged at debug level); requests wait for it as for any other.
/// </summary>
public sealed class MemoryTrim(bool enabled)
{
    /// <returns>how long the collection took, or null when trimming is off (an in-process host, whose heap is not the server's)</returns>
    public TimeSpan? AfterRefresh()
    {
        if (!enabled)
        {
            return null;
        }

        var started = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return started.Elapsed;
    }
}
