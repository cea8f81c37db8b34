using k8s;
using Contracts.Plans;

namespace EndToEnd.Tests;

public class ChannelTests
{
    [Fact]
    public async Task Channel_release_rolls_out_and_a_newer_release_starts_a_second_rollout()
    {
        await using var channel = await ChannelStub.StartAsync();
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 2; o.Agents = 0; });
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("follow", version: null, configure: p => p.Channel = channel.ChannelUrl));

        await s.WaitAsync(async () => await AllAt(s, "v1.32.4+k3s1") && (await s.ConditionAsync("follow", PlanConditions.Complete))?.Status == "True", "first rollout to v1.32.4+k3s1");
        var first = await s.GetPlanAsync("follow");
        Assert.Equal("v1.32.4-k3s1", first.Status!.LatestVersion);
        Assert.Equal("Channel", (await s.ConditionAsync("follow", PlanConditions.LatestResolved))!.Reason);

        channel.Version = "v1.32.5+k3s1";
        await s.WaitAsync(async () => await AllAt(s, "v1.32.5+k3s1") && (await s.GetPlanAsync("follow")).Status?.LatestVersion == "v1.32.5-k3s1" && (await s.ConditionAsync("follow", PlanConditions.Complete))?.Status == "True", "second rollout to v1.32.5+k3s1");

        var kubeSystem = await s.Client.CoreV1.ReadNamespaceAsync("kube-system");
        Assert.All(channel.Requests, r => Assert.Equal(kubeSystem.Metadata.Uid, r.ClusterId));
        Assert.Contains(channel.Requests, r => r.LatestVersion == "v1.32.4-k3s1");
        s.AssertSafe();
    }

    [Fact]
    public async Task Channel_is_polled_at_most_once_per_interval()
    {
        await using var channel = await ChannelStub.StartAsync();
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await s.StartControllerAsync(o => o with { PlanPollingInterval = TimeSpan.FromSeconds(2) });
        channel.Version = ControllerScenario.StartVersion;
        await s.CreatePlanAsync(Plans.For("poll-a", version: null, configure: p => p.Channel = channel.ChannelUrl));
        await s.CreatePlanAsync(Plans.For("poll-b", version: null, configure: p => p.Channel = channel.ChannelUrl));
        await s.WaitAsync(async () => (await s.ConditionAsync("poll-b", PlanConditions.Complete))?.Status == "True", "plans complete");
        var start = DateTime.UtcNow;
        await s.WaitAsync(() => Task.FromResult(DateTime.UtcNow - start > TimeSpan.FromSeconds(5)), "time passes");
        var times = channel.Requests.Select(r => r.At).Order().ToList();
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(1.9), $"polls {times[i - 1]:O} and {times[i]:O} are closer than the interval");
        }

        Assert.InRange(times.Count, 2, 6);
    }

    [Theory]
    [InlineData("404")]
    [InlineData("500")]
    [InlineData("garbage")]
    public async Task Failing_channel_keeps_the_previous_version(string mode)
    {
        await using var channel = await ChannelStub.StartAsync();
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 0; });
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("flaky", version: null, configure: p => p.Channel = channel.ChannelUrl));
        await s.WaitAsync(async () => (await s.ConditionAsync("flaky", PlanConditions.Complete))?.Status == "True", "first rollout");
        var count = channel.Requests.Count;
        channel.Mode = mode;
        await s.WaitAsync(async () => (await s.EventsAsync("flaky")).Any(e => e.Reason == PlanEvents.ResolveFailed), "a ResolveFailed event");
        Assert.True(channel.Requests.Count > count);
        var plan = await s.GetPlanAsync("flaky");
        Assert.Equal("v1.32.4-k3s1", plan.Status!.LatestVersion);
        Assert.Equal("True", (await s.ConditionAsync("flaky", PlanConditions.Complete))!.Status);
        // The Plan says the channel fails, which version it keeps, and since when it has had no good answer.
        await s.WaitAsync(async () => (await s.ConditionAsync("flaky", PlanConditions.LatestResolved))?.Message?.Contains("keeping v1.32.4-k3s1 (last resolved 20", StringComparison.Ordinal) == true, "LatestResolved tells what is kept and how old it is");
        Assert.StartsWith("cannot resolve plan: ", (await s.ConditionAsync("flaky", PlanConditions.LatestResolved))!.Message);
        Assert.DoesNotContain(await s.JobsAsync(), j => (j.Status?.Active ?? 0) > 0);

        // A controller started during the outage keeps the version too, and dates the outage it has seen.
        await s.StopControllerAsync();
        await s.StartControllerAsync();
        await s.WaitAsync(
            async () => (await s.ConditionAsync("flaky", PlanConditions.LatestResolved))?.Message?.Contains("keeping v1.32.4-k3s1 (no good answer since 20", StringComparison.Ordinal) == true,
            "a restarted controller says since when the channel fails");
        Assert.Equal("v1.32.4-k3s1", (await s.GetPlanAsync("flaky")).Status!.LatestVersion);
    }

    private static async Task<bool> AllAt(ControllerScenario s, string version) =>
        (await s.NodesAsync()).All(n => n.Status.NodeInfo.KubeletVersion == version && n.Spec.Unschedulable != true);
}
