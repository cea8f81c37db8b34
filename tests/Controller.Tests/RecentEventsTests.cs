using Controller.Kubernetes;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class RecentEventsTests
{
    [Fact]
    public void The_same_event_is_held_back_for_the_quiet_period_then_written_again()
    {
        var recent = new RecentEvents(TimeSpan.FromMinutes(10));
        Assert.True(recent.TryRemember(("p", "Complete", "m"), Now));
        Assert.False(recent.TryRemember(("p", "Complete", "m"), Now.AddMinutes(9)));
        Assert.True(recent.TryRemember(("p", "Complete", "other"), Now.AddMinutes(9)));
        Assert.True(recent.TryRemember(("p", "Complete", "m"), Now.AddMinutes(10)));
        recent.Forget(("p", "Complete", "m"));
        Assert.True(recent.TryRemember(("p", "Complete", "m"), Now.AddMinutes(10)));
    }

    [Fact]
    public void Memory_stays_within_its_limit_however_many_distinct_events_are_written()
    {
        var recent = new RecentEvents(TimeSpan.FromMinutes(10), limit: 100);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(recent.TryRemember(("p", "JobComplete", $"node {i}"), Now.AddSeconds(i)));
            Assert.True(recent.Count <= 100);
        }

        // The newest are the ones kept: a repeat of the last one is still held back.
        Assert.False(recent.TryRemember(("p", "JobComplete", "node 999"), Now.AddSeconds(1000)));
    }
}
