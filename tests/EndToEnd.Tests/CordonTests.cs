using k8s;
using k8s.Models;
using Contracts.Plans;

namespace EndToEnd.Tests;

public class CordonTests
{
    [Fact]
    public async Task Only_nodes_the_plan_cordoned_are_uncordoned()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "agent-2");
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("cordoning", nodes: ["agent-1", "agent-2"], configure: p => { p.Cordon = true; p.Upgrade = Plans.Sleep(0); }));
        await s.WaitAsync(async () => (await s.ConditionAsync("cordoning", PlanConditions.Complete))?.Status == "True", "the plan completes");
        var nodes = (await s.NodesAsync()).ToDictionary(n => n.Metadata.Name);
        Assert.NotEqual(true, nodes["agent-1"].Spec.Unschedulable);
        Assert.True(nodes["agent-2"].Spec.Unschedulable, "the operator's cordon stays");
        Assert.False(nodes["agent-1"].Metadata.Annotations?.ContainsKey(UpgradeLabels.CordonedBy) ?? false);
        s.AssertSafe();
    }
}
