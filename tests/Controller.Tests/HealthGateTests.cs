using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

/// <summary>The readiness gate, the quorum gate, pause and alerts, through the whole decision.</summary>
public class HealthGateTests
{
    private readonly PlanReconciler _reconciler = new(Settings);

    private static readonly string Target = "v1.31.2+k3s1";

    private PlanDecision Decide(Plan plan, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Job>? jobs = null, DateTimeOffset? now = null, AlertState? alerts = null) =>
        _reconciler.Decide(new PlanSnapshot(plan, nodes, jobs ?? [], new Dictionary<string, V1Secret>(), now ?? Now, null) { Alerts = alerts });

    private static PlanCondition Complete(PlanDecision d) => d.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete);

    private static List<V1Node> Servers() => [Node("s1", controlPlane: true), Node("s2", controlPlane: true), Node("s3", controlPlane: true)];

    /// <summary>First pass, then the first node's Job completes at <paramref name="at"/>.</summary>
    private (Plan Plan, V1Job Job, V1Node Node) FirstJobCompleted(Plan plan, List<V1Node> nodes, DateTimeOffset at)
    {
        var first = Decide(plan, nodes);
        plan.Status = first.Status;
        var job = WithCondition(first.Create[0], "Complete", at);
        return (plan, job, nodes.Single(n => n.Metadata.Name == job.Metadata.Labels[UpgradeLabels.Node]));
    }

    private static void NotReady(V1Node node, string reason = "KubeletNotReady")
    {
        node.Status.Conditions[0].Status = "False";
        node.Status.Conditions[0].Reason = reason;
    }

    [Fact]
    public void A_node_not_back_at_the_target_keeps_its_slot_and_the_plan_says_whom_it_waits_for()
    {
        var nodes = Servers();
        var (plan, job, node) = FirstJobCompleted(Plan(), nodes, Now);
        var d = Decide(plan, nodes, [job], Now.AddSeconds(10));
        Assert.Empty(d.Create);
        Assert.Empty(d.NodePatches);
        Assert.Equal([node.Metadata.Name], d.Status.Applying);
        var complete = Complete(d);
        Assert.Equal(PlanConditions.Reasons.WaitingForNode, complete.Reason);
        Assert.Contains($"waiting for {node.Metadata.Name} to be Ready at {Target}", complete.Message);
        Assert.Contains("kubelet v1.31.1+k3s1, not v1.31.2+k3s1", complete.Message);
        Assert.Equal(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(10), d.RequeueAfter);
    }

    [Fact]
    public void Ready_at_the_target_frees_the_slot_and_the_next_node_starts()
    {
        var nodes = Servers();
        var (plan, job, node) = FirstJobCompleted(Plan(), nodes, Now);
        Upgraded(node);
        var d = Decide(plan, nodes, [job], Now.AddSeconds(10));
        Assert.Contains(d.NodePatches, p => p.NodeName == node.Metadata.Name && p.Labels.ContainsKey(UpgradeLabels.ForPlan(plan.Metadata.Name)));
        Assert.Single(d.Create);
    }

    [Fact]
    public void At_the_target_but_not_ready_is_still_not_done()
    {
        var nodes = Servers();
        var (plan, job, node) = FirstJobCompleted(Plan(), nodes, Now);
        Upgraded(node);
        NotReady(node);
        var d = Decide(plan, nodes, [job], Now.AddSeconds(10));
        Assert.Empty(d.NodePatches);
        Assert.Contains("Ready=False (KubeletNotReady)", Complete(d).Message);
    }

    [Fact]
    public void Past_the_deadline_the_plan_halts_with_an_event_and_resumes_when_the_node_recovers()
    {
        var nodes = Servers();
        var (plan, job, node) = FirstJobCompleted(Plan(), nodes, Now);
        Upgraded(node);
        NotReady(node);
        var halted = Decide(plan, nodes, [job], Now.AddMinutes(11));
        Assert.Empty(halted.Create);
        var complete = Complete(halted);
        Assert.Equal(("False", PlanConditions.Reasons.NodeNotReady), (complete.Status, complete.Reason));
        Assert.Contains($"{node.Metadata.Name} is not Ready at the target 10m0s after its upgrade (Ready=False (KubeletNotReady))", complete.Message);
        Assert.Contains(halted.Events, e => e.Reason == PlanEvents.NodeNotReady && e.Type == "Warning");
        plan.Status = halted.Status;

        node.Status.Conditions[0].Status = "True";
        var resumed = Decide(plan, nodes, [job], Now.AddMinutes(12));
        Assert.Contains(resumed.NodePatches, p => p.NodeName == node.Metadata.Name);
        Assert.Single(resumed.Create);
        Assert.Equal(PlanConditions.Reasons.Resolved, Complete(resumed).Reason);
    }

    [Fact]
    public void The_deadline_is_set_per_plan_by_annotation()
    {
        var nodes = Servers();
        var plan = Plan();
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.NodeReadyTimeout] = "30s" };
        var (_, job, _) = FirstJobCompleted(plan, nodes, Now);
        Assert.Equal(PlanConditions.Reasons.WaitingForNode, Complete(Decide(plan, nodes, [job], Now.AddSeconds(29))).Reason);
        Assert.Equal(PlanConditions.Reasons.NodeNotReady, Complete(Decide(plan, nodes, [job], Now.AddSeconds(30))).Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), ReadinessGate.Timeout(Plan(), Settings));
    }

    [Fact]
    public void An_invalid_deadline_annotation_is_refused()
    {
        var plan = Plan();
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.NodeReadyTimeout] = "soon" };
        var d = Decide(plan, Servers());
        Assert.Empty(d.Create);
        Assert.StartsWith($"annotation {UpgradeLabels.NodeReadyTimeout} is invalid", d.Status.Conditions!.Single(c => c.Type == PlanConditions.Validated).Message);
    }

    [Fact]
    public void Without_a_kubernetes_version_as_target_only_readiness_counts()
    {
        var nodes = Servers();
        var (plan, job, node) = FirstJobCompleted(Plan(configure: s => s.Version = "latest"), nodes, Now);
        var d = Decide(plan, nodes, [job], Now.AddSeconds(10));
        Assert.Contains(d.NodePatches, p => p.NodeName == node.Metadata.Name);
    }

    [Fact]
    public void No_control_plane_node_starts_while_another_is_not_ready_and_the_reason_names_it()
    {
        var nodes = Servers();
        NotReady(nodes[1]);
        var d = Decide(Plan(configure: s => s.Concurrency = 2), nodes);
        Assert.Empty(d.Create);
        var complete = Complete(d);
        Assert.Equal(PlanConditions.Reasons.ControlPlaneNotReady, complete.Reason);
        Assert.Contains("while s2 is NotReady", complete.Message);
    }

    [Fact]
    public void The_master_label_marks_a_control_plane_node_too()
    {
        var old = Node("m1", labels: new() { [NodeLabels.Master] = "" });
        NotReady(old);
        var d = Decide(Plan(), [old, Node("s1", controlPlane: true)]);
        Assert.Empty(d.Create);
        Assert.Equal(PlanConditions.Reasons.ControlPlaneNotReady, Complete(d).Reason);
    }

    [Fact]
    public void Agents_start_beside_a_not_ready_agent_but_not_beyond_the_concurrency_of_not_ready_nodes()
    {
        var agents = new List<V1Node> { Node("a1"), Node("a2"), Node("a3") };
        NotReady(agents[0]);
        var one = Decide(Plan(configure: s => s.Concurrency = 1), agents);
        Assert.NotEqual("a1", Assert.Single(one.Create).Metadata.Labels[UpgradeLabels.Node]);

        NotReady(agents[1]);
        var two = Decide(Plan(configure: s => s.Concurrency = 1), agents);
        Assert.Empty(two.Create);
        Assert.Equal(PlanConditions.Reasons.TooManyNotReady, Complete(two).Reason);
        Assert.Contains("a1, a2", Complete(two).Message);
    }

    [Fact]
    public void A_paused_plan_starts_nothing_lets_running_jobs_go_on_and_resumes_when_unpaused()
    {
        var nodes = Servers();
        var plan = Plan();
        var first = Decide(plan, nodes);
        plan.Status = first.Status;
        var running = first.Create[0];
        running.Spec.Parallelism = 1;
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Paused] = "true" };
        var paused = Decide(plan, nodes, [running]);
        Assert.Empty(paused.Delete); // the annotation is not the Job's: the running Job is not replaced
        Assert.Empty(paused.Create);
        Assert.Equal(PlanConditions.Reasons.Paused, Complete(paused).Reason);
        Assert.Contains(UpgradeLabels.Paused, Complete(paused).Message);

        var fresh = Plan();
        fresh.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.Paused] = "true" };
        var none = Decide(fresh, nodes);
        Assert.Empty(none.Create);
        Assert.Equal(PlanConditions.Reasons.Paused, Complete(none).Reason);
        fresh.Metadata.Annotations.Clear();
        Assert.Single(Decide(fresh, nodes).Create);
    }

    [Fact]
    public void A_firing_alert_holds_new_nodes_and_names_the_alerts()
    {
        var d = Decide(Plan(), Servers(), alerts: new AlertState(["EtcdNoLeader", "KubeAPIDown"], null, Now));
        Assert.Empty(d.Create);
        Assert.Equal(PlanConditions.Reasons.AlertFiring, Complete(d).Reason);
        Assert.Contains("EtcdNoLeader, KubeAPIDown", Complete(d).Message);
        Assert.Single(Decide(Plan(), Servers(), alerts: new AlertState([], null, Now)).Create);
    }

    [Fact]
    public void Prometheus_unreadable_is_reported_and_by_default_does_not_block()
    {
        var unreadable = new AlertState([], "connection refused", Now);
        var d = Decide(Plan(), Servers(), alerts: unreadable);
        Assert.Single(d.Create);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.AlertsUnavailable && e.Message.Contains("connection refused", StringComparison.Ordinal));

        var strict = new PlanReconciler(Settings with { BlockOnAlertsUnavailable = true })
            .Decide(new PlanSnapshot(Plan(), Servers(), [], new Dictionary<string, V1Secret>(), Now, null) { Alerts = unreadable });
        Assert.Empty(strict.Create);
        Assert.Equal(PlanConditions.Reasons.AlertsUnavailable, Complete(strict).Reason);
    }
}
