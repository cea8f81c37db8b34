using System.Diagnostics;

namespace TestSupport;

/// <summary>
/// The bounded wait every test uses: poll a condition until it holds, fail with what was awaited when
/// time runs out. Polled because the programs under test show their state only through their APIs.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(25);

    /// <param name="transient">Exceptions from the condition that count as "not yet" (the last one is kept as the timeout's inner exception).</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null,
        Func<Exception, bool>? transient = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (transient?.Invoke(e) == true)
            {
                last = e;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {watch.Elapsed.TotalSeconds:0.0} s waiting until {what}", last);
            }

            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, poll);
}
