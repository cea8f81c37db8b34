using Contracts.Plans;
using k8s;
using k8s.Models;

namespace EndToEnd.Tests;

/// <summary>The safety rules end to end: the version gate, control plane first, and what the Plan says about it.</summary>
public class SafetyTests
{
    private static async Task<bool> BothComplete(ControllerScenario s) =>
        (await s.ConditionAsync("server-plan", PlanConditions.Complete))?.Status == "True"
        && (await s.ConditionAsync("agent-plan", PlanConditions.Complete))?.Status == "True";

    private static async Task AssertUntouchedAsync(ControllerScenario s)
    {
        Assert.Empty(await s.JobsAsync());
        foreach (var node in await s.NodesAsync())
        {
            Assert.NotEqual(true, node.Spec.Unschedulable);
            Assert.False(node.Metadata.Annotations?.ContainsKey(UpgradeLabels.CordonedBy) ?? false, $"{node.Metadata.Name} marked as cordoned");
        }
    }

    /// <summary>Makes the controller look again at every Plan (a node change re-queues them all) and waits until it has.</summary>
    private static async Task ResyncAsync(ControllerScenario s, string plan)
    {
        var before = s.Log.Lines.Count(l => l.Contains($"Reconciled Plan {plan}", StringComparison.Ordinal));
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"touched\":\"" + Guid.NewGuid().ToString("N") + "\"}}}", V1Patch.PatchType.MergePatch), "agent-1");
        await s.WaitAsync(() => Task.FromResult(s.Log.Lines.Count(l => l.Contains($"Reconciled Plan {plan}", StringComparison.Ordinal)) > before), $"{plan} reconciled again");
    }

    [Fact]
    public async Task The_seed_downgrade_touches_no_node_says_why_and_recovers_when_the_plan_is_fixed()
    {
        await using var s = await ControllerScenario.StartAsync(o => o.Version = "v1.27.4+k3s1");
        await s.StartControllerAsync();
        foreach (var plan in ControllerScenario.SeedPlans("v1.26.7+k3s1"))
        {
            await s.CreatePlanAsync(plan);
        }

        foreach (var name in new[] { "server-plan", "agent-plan" })
        {
            await s.WaitAsync(async () => (await s.ConditionAsync(name, PlanConditions.Complete))?.Reason == PlanConditions.Reasons.Downgrade, $"{name} is refused as a downgrade");
            var complete = (await s.ConditionAsync(name, PlanConditions.Complete))!;
            Assert.Equal("False", complete.Status);
            Assert.StartsWith("refusing to downgrade: ", complete.Message);
            Assert.Contains("runs v1.27.4+k3s1, newer than v1.26.7-k3s1", complete.Message);
            var plan = await s.GetPlanAsync(name);
            Assert.Equal(3, plan.Status!.Nodes!.Gated);
            Assert.Equal(0, plan.Status.Nodes.Applying);
        }

        Assert.Contains("server-1 runs", (await s.ConditionAsync("server-plan", PlanConditions.Complete))!.Message);
        Assert.Contains("agent-1 runs", (await s.ConditionAsync("agent-plan", PlanConditions.Complete))!.Message);
        await AssertUntouchedAsync(s);

        // Explained once: more passes over the Plan add no second Warning.
        await ResyncAsync(s, "server-plan");
        await ResyncAsync(s, "server-plan");
        await s.WaitAsync(async () => (await s.EventsAsync("server-plan")).Any(e => e.Reason == PlanEvents.Gated), "a Gated event");
        var gated = (await s.EventsAsync("server-plan")).Where(e => e.Reason == PlanEvents.Gated).ToList();
        var warning = Assert.Single(gated);
        Assert.Equal("Warning", warning.Type);
        Assert.True((warning.Count ?? 1) == 1, $"the Gated event was recorded {warning.Count} times");
        Assert.Contains("v1.26.7", warning.Message);
        await AssertUntouchedAsync(s);

        // The operator fixes the plans (the seed page's recovery): the rollout proceeds and completes.
        foreach (var name in new[] { "server-plan", "agent-plan" })
        {
            await s.ReplacePlanSpecAsync(name, p => p.Spec.Version = "v1.27.5+k3s1");
        }

        await s.WaitAsync(() => BothComplete(s), "both plans complete on v1.27.5+k3s1", TimeSpan.FromSeconds(60));
        foreach (var node in await s.NodesAsync())
        {
            Assert.Equal("v1.27.5+k3s1", node.Status.NodeInfo.KubeletVersion);
            Assert.NotEqual(true, node.Spec.Unschedulable);
        }

        s.AssertSafe();
    }

    [Fact]
    public async Task A_minor_skip_is_refused_until_the_plan_opts_in()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; o.Version = "v1.30.6+k3s1"; });
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("jump", version: "v1.32.3+k3s1", configure: p => p.Cordon = true));
        await s.WaitAsync(async () => (await s.ConditionAsync("jump", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.VersionSkew, "the skip is refused");
        var complete = (await s.ConditionAsync("jump", PlanConditions.Complete))!;
        Assert.Contains(UpgradeLabels.AllowMinorSkip, complete.Message);
        Assert.Contains("runs v1.30.6+k3s1, more than one minor version below v1.32.3-k3s1", complete.Message);
        Assert.Equal(3, (await s.GetPlanAsync("jump")).Status!.Nodes!.Gated);
        await AssertUntouchedAsync(s);

        await s.ReplacePlanSpecAsync("jump", p => p.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.AllowMinorSkip] = "true" });
        await s.WaitAsync(async () => (await s.ConditionAsync("jump", PlanConditions.Complete))?.Status == "True", "the opted-in plan completes", TimeSpan.FromSeconds(60));
        Assert.All(await s.NodesAsync(), n => Assert.Equal("v1.32.3+k3s1", n.Status.NodeInfo.KubeletVersion));
        s.AssertSafe();
    }

    [Fact]
    public async Task Agents_never_run_ahead_of_the_control_plane_with_both_plans_at_once_and_no_prepare()
    {
        const string target = "v1.33.1+k3s1";
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 3; o.Agents = 5; });
        await s.StartControllerAsync();
        var plans = ControllerScenario.SeedPlans(target);
        foreach (var plan in plans)
        {
            plan.Spec.Prepare = null;
            plan.Spec.Concurrency = plan.Metadata.Name == "agent-plan" ? 3 : 1;
        }

        await Task.WhenAll(plans.Select(s.CreatePlanAsync));
        await s.WaitAsync(async () => (await s.ConditionAsync("agent-plan", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.WaitingForControlPlane, "the agent plan waits for the control plane");
        Assert.Contains("newer than the oldest control-plane node", (await s.ConditionAsync("agent-plan", PlanConditions.Complete))!.Message);

        await s.WaitAsync(() => BothComplete(s), "both plans complete", TimeSpan.FromSeconds(60));
        Assert.All(await s.NodesAsync(), n => Assert.Equal(target, n.Status.NodeInfo.KubeletVersion));
        Assert.True(s.Safety.Events > 50, $"only {s.Safety.Events} changes observed");
        Assert.Equal(3, s.Safety.MaxRunning);
        s.AssertSafe();
    }

    [Fact]
    public async Task A_plan_deleted_mid_rollout_uncordons_what_it_cordoned_and_not_the_operators_cordon()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 3; });
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "agent-3");
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("doomed", nodes: ["agent-1", "agent-2", "agent-3"], concurrency: 3, configure: p => { p.Cordon = true; p.Upgrade = Plans.Sleep(600); }));
        await s.WaitAsync(async () => (await s.JobsAsync()).Count(j => j.Status?.Active > 0) == 3, "three Jobs run");
        await s.WaitAsync(async () => (await s.NodesAsync()).Count(n => n.Spec.Unschedulable == true) == 3, "the three nodes are cordoned");
        var marks = (await s.NodesAsync()).ToDictionary(n => n.Metadata.Name, n => n.Metadata.Annotations is { } a && a.TryGetValue(UpgradeLabels.CordonedBy, out var by) ? by : null);
        Assert.Equal("system-upgrade/doomed", marks["agent-1"]);
        Assert.Null(marks["agent-3"]);

        await s.DeletePlanAsync("doomed");
        await s.WaitAsync(async () => (await s.JobsAsync()).Count == 0, "the Jobs are gone");
        await s.WaitAsync(async () => (await s.NodesAsync()).Count(n => n.Spec.Unschedulable == true) == 1, "the plan's cordons are undone");
        var nodes = (await s.NodesAsync()).ToDictionary(n => n.Metadata.Name);
        Assert.True(nodes["agent-3"].Spec.Unschedulable, "the operator's cordon stays");
        Assert.NotEqual(true, nodes["agent-1"].Spec.Unschedulable);
        Assert.NotEqual(true, nodes["agent-2"].Spec.Unschedulable);
        Assert.All(nodes.Values, n => Assert.False(n.Metadata.Annotations?.ContainsKey(UpgradeLabels.CordonedBy) ?? false));
        s.AssertSafe();
    }

    [Fact]
    public async Task Kubectl_get_plans_shows_the_counts_and_the_reason()
    {
        await using var s = await ControllerScenario.StartAsync(o => o.Version = "v1.27.4+k3s1");
        await s.StartControllerAsync();
        await s.CreatePlanAsync(ControllerScenario.SeedPlans("v1.26.7+k3s1")[0]);
        await s.WaitAsync(async () => (await s.GetPlanAsync("server-plan")).Status?.Nodes?.Gated == 3, "the plan counts its gated nodes");

        var output = await Kubectl.RunAsync(s, "get", "plans", "-n", ControllerScenario.Namespace);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] headers = ["NAME", "IMAGE", "CHANNEL", "VERSION", "COMPLETE", "REASON", "NODES", "DONE", "UPGRADING", "WAITING", "FAILED", "GATED", "MESSAGE"];
        Assert.Equal(headers, lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Cells sit under their headers; an empty one (no channel) is blank.
        var starts = headers.Select(h => lines[0].IndexOf(h, StringComparison.Ordinal)).ToArray();
        var row = starts.Select((start, i) => (i + 1 < starts.Length ? lines[1][start..starts[i + 1]] : lines[1][start..]).Trim()).ToArray();
        Assert.Equal(["server-plan", "rancher/k3s-upgrade", "", "v1.26.7+k3s1", "False", "Downgrade", "3", "0", "0", "0", "0", "3"], row[..12]);
        Assert.StartsWith("refusing to downgrade: server-", row[12]);
        Assert.Contains(" runs v1.27.4+k3s1, newer than v1.26.7-k3s1", row[12]);
    }
}
