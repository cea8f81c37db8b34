using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class NodeCompletionTests
{
    [Fact]
    public void A_completed_job_labels_its_node_and_the_new_labels_are_what_later_steps_see()
    {
        var plan = Plan();
        var node = Upgraded(Node("a"));
        var job = WithCondition(JobBuilder.Build(plan, node, "v1.31.2-k3s1", "h", Settings), "Complete", Now.AddSeconds(-1));
        var d = new DecisionDraft(null);
        var completion = NodeCompletion.Apply(plan, [new TriagedJob(job, "a", JobState.Of(job))], new Dictionary<string, V1Node> { ["a"] = node }, "v1.31.2-k3s1", "h", Now, TimeSpan.FromMinutes(10), d);
        var patch = Assert.Single(d.NodePatches);
        Assert.Equal("h", patch.Labels[UpgradeLabels.ForPlan(plan.Metadata.Name)]);
        Assert.Null(patch.Unschedulable);
        Assert.Equal("h", completion.Effective([node])[0].Metadata.Labels[UpgradeLabels.ForPlan(plan.Metadata.Name)]);
        Assert.False(node.Metadata.Labels.ContainsKey(UpgradeLabels.ForPlan(plan.Metadata.Name)));
    }

    [Fact]
    public void A_node_already_labelled_with_the_jobs_hash_is_left_alone()
    {
        var plan = Plan();
        var node = Node("a", labels: new() { [UpgradeLabels.ForPlan("server-plan")] = "h" });
        var job = WithCondition(JobBuilder.Build(plan, node, "v1.31.2-k3s1", "h", Settings), "Complete", Now.AddSeconds(-1));
        var d = new DecisionDraft(null);
        var completion = NodeCompletion.Apply(plan, [new TriagedJob(job, "a", JobState.Of(job))], new Dictionary<string, V1Node> { ["a"] = node }, "v1.31.2-k3s1", "h", Now, TimeSpan.FromMinutes(10), d);
        Assert.Empty(d.NodePatches);
        Assert.Empty(d.Events);
        Assert.Same(node, completion.Effective([node])[0]);
    }
}
