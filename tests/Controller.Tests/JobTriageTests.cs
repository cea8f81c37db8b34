using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class JobTriageTests
{
    private static readonly Dictionary<string, V1Node> Nodes = new() { ["a"] = Node("a"), ["b"] = Node("b") };

    private static V1Job Job(string node, string version = "v1.31.2-k3s1") => JobBuilder.Build(Plan(), Nodes[node], version, "h", Settings);

    [Fact]
    public void Jobs_without_labels_for_gone_nodes_or_other_versions_are_deleted_with_the_reason()
    {
        var unlabelled = Job("a");
        unlabelled.Metadata.Labels.Remove(UpgradeLabels.Version);
        var gone = JobBuilder.Build(Plan(), Node("c"), "v1.31.2-k3s1", "h", Settings);
        var old = Job("b", "v1.31.1-k3s1");
        var d = new DecisionDraft(null);
        var triage = JobTriage.Sort([unlabelled, gone, old], Nodes, "v1.31.2-k3s1", Now, d);
        Assert.Equal(["missing plan, node or version label", "node c is gone", "built for version v1.31.1-k3s1, not v1.31.2-k3s1"], d.Delete.Select(x => x.Why));
        Assert.Empty(triage.Live);
        Assert.Empty(triage.Failed);
        Assert.Empty(triage.Completed);
    }

    [Fact]
    public void Jobs_are_sorted_by_state_and_finished_ones_wake_the_plan_at_their_ttl()
    {
        var live = Job("a");
        var failed = WithCondition(Job("b"), "Failed", Now.AddSeconds(-100), "BackoffLimitExceeded", "boom");
        var d = new DecisionDraft(null);
        var triage = JobTriage.Sort([live, failed], Nodes, "v1.31.2-k3s1", Now, d);
        Assert.Equal(live, Assert.Single(triage.Live).Job);
        Assert.Equal("b", triage.Failed[failed.Metadata.Name].Node);
        Assert.Empty(d.Delete);
        Assert.Equal(TimeSpan.FromSeconds(800), d.RequeueAfter);
    }

    [Fact]
    public void A_finished_job_past_its_ttl_is_deleted_and_still_counts_as_completed()
    {
        var done = WithCondition(Job("a"), "Complete", Now.AddSeconds(-901));
        var d = new DecisionDraft(null);
        var triage = JobTriage.Sort([done], Nodes, "v1.31.2-k3s1", Now, d);
        Assert.Equal("finished and past its TTL", Assert.Single(d.Delete).Why);
        Assert.Single(triage.Completed);
    }
}
