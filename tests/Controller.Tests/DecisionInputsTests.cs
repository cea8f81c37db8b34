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
    public void A_node_whose_readiness_flips_is_the_same_input_but_not_one_upgraded_labelled_or_cordoned()
    {
        var notReady = Copy(Node());
        notReady.Status.Conditions[0].Status = "False";
        Assert.True(DecisionInputs.SameNode(Node(), notReady));

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
}
