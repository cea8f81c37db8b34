using Contracts.Plans;
using k8s.Models;

namespace EndToEnd.Tests;

public class RolloutTests
{
    private const string Target = "v1.32.4+k3s1";

    [Fact]
    public async Task Seed_plans_upgrade_servers_then_agents_one_at_a_time()
    {
        await using var s = await ControllerScenario.StartAsync();
        await s.StartControllerAsync();
        foreach (var plan in ControllerScenario.SeedPlans(Target))
        {
            await s.CreatePlanAsync(plan);
        }

        var firstAgentStart = DateTime.MaxValue;
        var lastServerDone = DateTime.MinValue;
        await s.WaitAsync(async () =>
        {
            var nodes = await s.NodesAsync();
            var servers = nodes.Where(n => n.Metadata.Labels.ContainsKey(NodeLabels.ControlPlane)).ToList();
            if (servers.All(n => n.Status.NodeInfo.KubeletVersion == Target) && lastServerDone == DateTime.MinValue)
            {
                lastServerDone = DateTime.UtcNow;
            }

            var jobs = await s.JobsAsync();
            if (firstAgentStart == DateTime.MaxValue && jobs.Any(j => j.Metadata.Labels[UpgradeLabels.Plan] == "agent-plan" && j.Status?.StartTime is not null && (j.Status.Active ?? 0) > 0))
            {
                firstAgentStart = DateTime.UtcNow;
            }

            var server = await s.ConditionAsync("server-plan", PlanConditions.Complete);
            var agent = await s.ConditionAsync("agent-plan", PlanConditions.Complete);
            return server?.Status == "True" && agent?.Status == "True";
        }, "both plans complete", TimeSpan.FromSeconds(60));

        var serverPlan = await s.GetPlanAsync("server-plan");
        var agentPlan = await s.GetPlanAsync("agent-plan");
        Assert.Equal("v1.32.4-k3s1", serverPlan.Status!.LatestVersion);
        foreach (var node in await s.NodesAsync())
        {
            var isServer = node.Metadata.Labels.ContainsKey(NodeLabels.ControlPlane);
            var plan = isServer ? serverPlan : agentPlan;
            Assert.Equal(plan.Status!.LatestHash, node.Metadata.Labels[UpgradeLabels.ForPlan(plan.Metadata.Name)]);
            Assert.Equal(Target, node.Status.NodeInfo.KubeletVersion);
            Assert.NotEqual(true, node.Spec.Unschedulable);
        }

        Assert.True(lastServerDone <= firstAgentStart || firstAgentStart == DateTime.MaxValue, "an agent upgrade ran before every server was upgraded");
        s.AssertSafe();
        Assert.Equal(1, s.MaxRunningSeen);
        // Cost: a handful of writes per node (status, Job create/release, node label, events), no write loop.
        var writes = s.Controller!.Requests.Writes;
        Assert.True(writes <= 6 * 10, $"{writes} API writes for 6 nodes: {string.Join(", ", s.Controller.Requests.Counts)}");
        var events = await s.EventsAsync("server-plan");
        Assert.Contains(events, e => e.Reason == PlanEvents.Resolved);
        Assert.Contains(events, e => e.Reason == PlanEvents.JobComplete);
        Assert.Contains(events, e => e.Reason == PlanEvents.Complete);
    }
}
