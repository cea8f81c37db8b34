using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Controller.Kubernetes;
using Controller.Reconciliation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Controller.Tests;

public class WorkQueueTests
{
    [Fact]
    public async Task Keys_are_deduplicated_and_never_processed_twice_at_once()
    {
        using var q = new WorkQueue(new FakeTimeProvider());
        q.Add("a");
        q.Add("a");
        q.Add("b");
        Assert.Equal(2, q.Depth);
        var first = await q.TakeAsync(CancellationToken.None);
        Assert.Equal("a", first);
        q.Add("a"); // while processing: remembered, not queued twice
        Assert.Equal("b", await q.TakeAsync(CancellationToken.None));
        Assert.Equal(0, q.Depth);
        q.Done("a");
        Assert.Equal("a", await q.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Timed_requeue_keeps_the_earliest_time()
    {
        var time = new FakeTimeProvider();
        using var q = new WorkQueue(time);
        q.AddAfter("a", TimeSpan.FromSeconds(10));
        q.AddAfter("a", TimeSpan.FromSeconds(3));
        q.AddAfter("a", TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, q.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        Assert.Equal("a", await q.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Failures_back_off_per_key_and_forget_resets()
    {
        var time = new FakeTimeProvider();
        using var q = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        q.Retry("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        var taken = await q.TakeAsync(CancellationToken.None);
        q.Done(taken);
        q.Retry("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, q.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        q.Done(await q.TakeAsync(CancellationToken.None));
        q.Forget("a");
        q.Retry("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
    }
}
