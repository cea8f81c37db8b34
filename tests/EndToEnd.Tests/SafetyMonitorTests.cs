using Contracts.Plans;
using k8s;
using k8s.Models;

namespace EndToEnd.Tests;

/// <summary>The monitor the safety assertions rest on sees each kind of violation when one happens (no controller runs here).</summary>
public class SafetyMonitorTests
{
    private static V1Job Job(string name, string plan, string node, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ControllerScenario.Namespace, Labels = new Dictionary<string, string> { [UpgradeLabels.Plan] = plan } },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    NodeSelector = new Dictionary<string, string> { [NodeLabels.Hostname] = node },
                    Containers = [new V1Container { Name = "upgrade", Image = image, Args = image == "busybox" ? ["sleep", "600"] : null, Command = image == "busybox" ? ["sh", "-c"] : null }],
                },
            },
        },
    };

    [Fact]
    public async Task Too_many_jobs_an_agent_ahead_and_a_version_going_down_are_each_reported()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });
        await s.CreatePlanAsync(Plans.For("one", concurrency: 1));
        s.Safety.AssertHeld();

        await s.Client.BatchV1.CreateNamespacedJobAsync(Job("first", "one", "agent-1", "busybox"), ControllerScenario.Namespace);
        s.Safety.AssertHeld();
        await s.Client.BatchV1.CreateNamespacedJobAsync(Job("second", "one", "agent-2", "busybox"), ControllerScenario.Namespace);
        Assert.Contains(s.Safety.Violations, v => v.Contains("plan one runs 2 Jobs, more than its concurrency 1", StringComparison.Ordinal));

        await s.Client.BatchV1.CreateNamespacedJobAsync(Job("ahead", "other", "agent-1", "rancher/k3s-upgrade:v1.33.1-k3s1"), ControllerScenario.Namespace);
        await ControllerScenario.UntilAsync(async () => (await s.Client.CoreV1.ReadNodeAsync("agent-1")).Status.NodeInfo.KubeletVersion == "v1.33.1+k3s1", "agent-1 upgraded behind the controller's back");
        Assert.Contains(s.Safety.Violations, v => v.Contains("agent agent-1 runs v1.33.1+k3s1, ahead of the oldest control-plane node", StringComparison.Ordinal));

        await s.Client.CoreV1.PatchNodeStatusAsync(new V1Patch("""{"status":{"nodeInfo":{"kubeletVersion":"v1.31.0+k3s1"}}}""", V1Patch.PatchType.MergePatch), "server-1");
        Assert.Contains(s.Safety.Violations, v => v.Contains("node server-1 went down from v1.32.3+k3s1 to v1.31.0+k3s1", StringComparison.Ordinal));
        Assert.Throws<Xunit.Sdk.TrueException>(s.Safety.AssertHeld);
    }

    [Fact]
    public async Task Two_control_plane_nodes_cordoned_while_a_third_is_not_ready_and_a_node_labeled_done_while_not_ready_are_reported()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 3; o.Agents = 0; });
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"" + Sandbox.Simulation.NodeFault.FaultAnnotation + "\":\"not-ready\"}}}", V1Patch.PatchType.MergePatch), "server-3");
        await ControllerScenario.UntilAsync(async () => (await s.Client.CoreV1.ReadNodeAsync("server-3")).Status.Conditions.Any(c => c.Type == "Ready" && c.Status != "True"), "server-3 goes NotReady");
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "server-1");
        s.Safety.AssertHeld();
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "server-2");
        Assert.Contains(s.Safety.Violations, v => v.Contains("control-plane nodes server-1, server-2 cordoned or upgrading at once while server-3 is NotReady", StringComparison.Ordinal));

        var plan = await s.CreatePlanAsync(Plans.For("done", version: "v1.32.4+k3s1"));
        plan.Status = new PlanStatus { LatestVersion = "v1.32.4-k3s1", LatestHash = "h1" };
        await s.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<Plan>(body: plan, group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: ControllerScenario.Namespace, plural: Plan.KubePluralName, name: "done");
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"plan.upgrade.cattle.io/done":"h1"}}}""", V1Patch.PatchType.MergePatch), "server-1");
        Assert.Contains(s.Safety.Violations, v => v.Contains("node server-1 labeled done for plan done while Ready at v1.32.3+k3s1, target v1.32.4+k3s1", StringComparison.Ordinal));
        await s.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"plan.upgrade.cattle.io/done":"h1"}}}""", V1Patch.PatchType.MergePatch), "server-3");
        Assert.Contains(s.Safety.Violations, v => v.Contains("node server-3 labeled done for plan done while NotReady", StringComparison.Ordinal));
    }
}
