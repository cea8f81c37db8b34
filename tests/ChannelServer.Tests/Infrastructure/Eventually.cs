using System.Diagnostics;

namespace ChannelServer.Tests.Infrastructure;

/// <summary>Bounded waits on a condition: poll until it holds, fail with a reason when time runs out.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task Until(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out after {watch.Elapsed.TotalSeconds:0.0} s waiting until {because}");
            }

            await Task.Delay(25);
        }
    }

    public static Task Until(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), because, timeout);
}
