using Contracts.Plans;
using Controller.Planning;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class CordonOwnershipTests
{
    [Fact]
    public void Drain_implies_cordon()
    {
        Assert.True(CordonOwnership.Cordons(Plan(configure: s => s.Drain = new DrainSpec()).Spec));
        Assert.True(CordonOwnership.Cordons(Plan(configure: s => s.Cordon = true).Spec));
        Assert.False(CordonOwnership.Cordons(Plan().Spec));
    }

    [Fact]
    public void Only_a_node_marked_by_this_plan_is_released_and_an_uncordoned_one_only_loses_the_mark()
    {
        var ours = Node("a");
        ours.Spec.Unschedulable = true;
        ours.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.CordonedBy] = "system-upgrade/server-plan" };
        var theirs = Node("b");
        theirs.Spec.Unschedulable = true;
        theirs.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.CordonedBy] = "system-upgrade/other" };
        var key = CordonOwnership.PlanKey(Plan());
        Assert.Equal("system-upgrade/server-plan", key);
        Assert.False(CordonOwnership.Release(ours, key)!.Unschedulable);
        Assert.Null(CordonOwnership.Release(theirs, key));
        ours.Spec.Unschedulable = false;
        var unmark = CordonOwnership.Release(ours, key)!;
        Assert.Null(unmark.Unschedulable);
        Assert.Null(unmark.Annotations[UpgradeLabels.CordonedBy]);
    }

    [Fact]
    public void A_node_is_marked_before_its_cordoning_job_is_released_unless_already_cordoned()
    {
        var plan = Plan(configure: s => s.Cordon = true);
        var free = Node("a");
        var cordoned = Node("b");
        cordoned.Spec.Unschedulable = true;
        var d = new DecisionDraft(null);
        d.Release.Add(JobNames.For(plan.Metadata.Name, "a", "h"));
        d.Release.Add(JobNames.For(plan.Metadata.Name, "b", "h"));
        CordonOwnership.MarkBeforeRelease(plan, [free, cordoned], "h", d);
        var mark = Assert.Single(d.NodePatches);
        Assert.Equal(("a", "system-upgrade/server-plan"), (mark.NodeName, mark.Annotations[UpgradeLabels.CordonedBy]));
    }
}
