using Controller.Planning;
using k8s;
using k8s.Models;

namespace Controller.Tests;

public class DecisionInputsTests
{
    private static V1Job Job() => new()
    {
        Metadata = new V1ObjectMeta { Name = "j", NamespaceProperty = "ns", Uid = "u", ResourceVersion = "1", Labels = new Dictionary<string, string> { ["a"] = "1" } },
        Spec = new V1JobSpec { Parallelism = 1, TtlSecondsAfterFinished = 900 },
        Status = new V1JobStatus(),
    };

    private static V1Node Node() => new()
    {
        Metadata = new V1ObjectMeta { Name = "n", Uid = "u", ResourceVersion = "1", Labels = new Dictionary<string, string> { ["a"] = "1" } },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus { NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.32.3+k3s1" }, Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
    };

    private static T Copy<T>(T o) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(o));

    [Fact]
    public void A_Job_whose_pod_counts_change_is_the_same_input()
    {
        var running = Copy(Job());
        running.Metadata.ResourceVersion = "2";
        running.Status.Active = 1;
        running.Status.Ready = 1;
        running.Status.StartTime = DateTime.UtcNow;
        Assert.True(DecisionInputs.SameJob(Job(), running));
    }

    [Fact]
    public void A_Job_released_finished_relabelled_or_replaced_is_a_new_input()
    {
        var paused = Copy(Job());
        paused.Spec.Parallelism = 0;
        var complete = Copy(Job());
        complete.Status.Conditions = [new V1JobCondition { Type = "Complete", Status = "True", LastTransitionTime = DateTime.UtcNow }];
        var relabelled = Copy(Job());
        relabelled.Metadata.Labels["a"] = "2";
        var replaced = Copy(Job());
        replaced.Metadata.Uid = "v";
        Assert.All([paused, complete, relabelled, replaced], j => Assert.False(DecisionInputs.SameJob(Job(), j)));
    }

    [Fact]
    public void A_node_whose_heartbeat_changes_is_the_same_input_but_not_one_upgraded_labelled_cordoned_or_not_ready()
    {
        var beat = Copy(Node());
        beat.Status.Conditions[0].LastHeartbeatTime = DateTime.UtcNow;
        Assert.True(DecisionInputs.SameNode(Node(), beat));
        var notReady = Copy(Node());
        notReady.Status.Conditions[0].Status = "False";
        var unreachable = Copy(Node());
        unreachable.Spec.Taints = [new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" }];
        Assert.All([notReady, unreachable], n => Assert.False(DecisionInputs.SameNode(Node(), n)));

        var upgraded = Copy(Node());
        upgraded.Status.NodeInfo.KubeletVersion = "v1.32.4+k3s1";
        var labelled = Copy(Node());
        labelled.Metadata.Labels["plan.upgrade.cattle.io/p"] = "h";
        var cordoned = Copy(Node());
        cordoned.Spec.Unschedulable = true;
        var annotated = Copy(Node());
        annotated.Metadata.Annotations = new Dictionary<string, string> { ["x"] = "y" };
        Assert.All([upgraded, labelled, cordoned, annotated], n => Assert.False(DecisionInputs.SameNode(Node(), n)));
    }

    private static readonly Action<V1Node>[] IgnoredNodeFields =
    [
        n => n.Metadata.ResourceVersion = "99",
        n => n.Metadata.Generation = 7,
        n => n.Metadata.CreationTimestamp = DateTime.UnixEpoch,
        n => n.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubelet" }],
        n => n.Spec.PodCIDR = "10.42.9.0/24",
        n => n.Spec.ProviderID = "k3s://n",
        n => n.Spec.Taints = [new V1Taint { Key = "k", Effect = "NoSchedule" }],
        n => n.Status.Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.9" }],
        n => n.Status.Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4") },
        n => n.Status.Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3") },
        n => n.Status.Images = [new V1ContainerImage { Names = ["rancher/k3s"] }],
        n => n.Status.NodeInfo.OsImage = "Other OS",
        n => n.Status.NodeInfo.KernelVersion = "6.1",
        n => n.Status.NodeInfo.ContainerRuntimeVersion = "containerd://2",
        n => (n.Status.Conditions ??= []).ToList().ForEach(c => { c.LastHeartbeatTime = DateTime.UnixEpoch; }),
    ];

    private static readonly Action<V1Job>[] IgnoredJobFields =
    [
        j => j.Metadata.ResourceVersion = "99",
        j => j.Metadata.Generation = 7,
        j => j.Metadata.CreationTimestamp = DateTime.UnixEpoch,
        j => j.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kube-controller-manager" }],
        j => j.Spec.BackoffLimit = 9,
        j => j.Spec.Completions = 3,
        j => j.Spec.Template.Spec.Containers[0].Image = "other",
        j => j.Status = new V1JobStatus { Conditions = j.Status?.Conditions, CompletionTime = j.Status?.CompletionTime, Active = 1, Ready = 1, Succeeded = 0, StartTime = DateTime.UnixEpoch },
    ];

    /// <summary>A plan part way through: one node done, one Job complete, one running, one failed.</summary>
    private static (Contracts.Plans.Plan Plan, List<V1Node> Nodes, List<V1Job> Jobs) Midway()
    {
        var plan = Fixtures.Plan(configure: s => { s.Concurrency = 3; s.Cordon = true; });
        var nodes = new List<V1Node> { Fixtures.Node("s1", controlPlane: true, version: "v1.31.2+k3s1"), Fixtures.Node("a1"), Fixtures.Node("a2"), Fixtures.Node("a3") };
        foreach (var n in nodes)
        {
            n.Status.Conditions ??= [new V1NodeCondition { Type = "Ready", Status = "True" }];
        }

        var reconciler = new PlanReconciler(Fixtures.Settings);
        var first = reconciler.Decide(new PlanSnapshot(plan, nodes, [], new Dictionary<string, V1Secret>(), Fixtures.Now, null));
        plan.Status = first.Status;
        var jobs = first.Create.ToList();
        Fixtures.WithCondition(jobs[0], "Complete", Fixtures.Now.AddSeconds(5));
        Fixtures.WithCondition(jobs[1], "Failed", Fixtures.Now.AddSeconds(5), "BackoffLimitExceeded", "boom");
        jobs[2].Spec.Parallelism = 1;
        return (plan, nodes, jobs);
    }

    private static string Decision(Contracts.Plans.Plan plan, List<V1Node> nodes, List<V1Job> jobs) =>
        KubernetesJson.Serialize(new PlanReconciler(Fixtures.Settings).Decide(new PlanSnapshot(plan, nodes, jobs, new Dictionary<string, V1Secret>(), Fixtures.Now.AddSeconds(10), null)));

    [Fact]
    public void Every_field_the_equivalence_ignores_leaves_the_decision_unchanged()
    {
        var (plan, nodes, jobs) = Midway();
        var expected = Decision(plan, nodes, jobs);
        for (var n = 0; n < nodes.Count; n++)
        {
            foreach (var mutate in IgnoredNodeFields)
            {
                var changed = nodes.Select(Copy).ToList();
                mutate(changed[n]);
                Assert.True(DecisionInputs.SameNode(nodes[n], changed[n]));
                Assert.Equal(expected, Decision(plan, changed, jobs));
            }
        }

        for (var j = 0; j < jobs.Count; j++)
        {
            foreach (var mutate in IgnoredJobFields)
            {
                var changed = jobs.Select(Copy).ToList();
                mutate(changed[j]);
                Assert.True(DecisionInputs.SameJob(jobs[j], changed[j]));
                Assert.Equal(expected, Decision(plan, nodes, changed));
            }
        }
    }
}
