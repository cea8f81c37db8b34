using System.Net;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class TargetVersionTests
{
    [Fact]
    public void Version_wins_and_is_munged()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Version = "v1.24.6+k3s1", Channel = "http://x/stable" }, null, ChannelAnswer.Success("v9.9.9"));
        Assert.Equal(("v1.24.6-k3s1", true, "Version"), (t.LatestVersion, t.Resolved, t.Reason));
    }

    [Fact]
    public void Neither_version_nor_channel_says_so()
    {
        var t = TargetVersion.Resolve(new PlanSpec(), null, null);
        Assert.Equal((null, false, "Error", "cannot resolve plan: missing channel and version"), (t.LatestVersion, t.Resolved, t.Reason, t.Message));
    }

    [Fact]
    public void Channel_success_is_munged()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.0.0-k3s1", ChannelAnswer.Success("v1.31.2+k3s1"));
        Assert.Equal(("v1.31.2-k3s1", true, "Channel"), (t.LatestVersion, t.Resolved, t.Reason));
    }

    [Fact]
    public void Channel_failure_keeps_the_previous_version()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.30.1-k3s1", ChannelAnswer.Failure("channel answered 500"));
        Assert.Equal("v1.30.1-k3s1", t.LatestVersion);
        Assert.Equal("channel answered 500", t.FailureEvent);
    }

    [Fact]
    public void Channel_failure_says_since_when_the_version_is_kept()
    {
        var failure = ChannelAnswer.Failure("channel answered 500") with { LastGoodAt = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero) };
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.30.1-k3s1", failure);
        Assert.Equal("cannot resolve plan: channel answered 500; keeping v1.30.1-k3s1 (last resolved 2026-11-26T09:30:00Z)", t.Message);
    }

    [Fact]
    public void Channel_failure_after_a_restart_says_since_when_it_fails()
    {
        // The version kept was resolved by an earlier process: only the start of the outage is known here.
        var failure = ChannelAnswer.Failure("channel answered 503") with { FailingSince = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero) };
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, "v1.30.1-k3s1", failure);
        Assert.Equal(
            "cannot resolve plan: channel answered 503; keeping v1.30.1-k3s1 (no good answer since 2026-11-27T03:00:00Z; resolved earlier, before this controller started)",
            t.Message);
    }

    [Fact]
    public void Channel_failure_without_previous_version_resolves_nothing()
    {
        var t = TargetVersion.Resolve(new PlanSpec { Channel = "http://x/stable" }, null, ChannelAnswer.Failure("boom"));
        Assert.Null(t.LatestVersion);
        Assert.False(t.Resolved);
    }
}
