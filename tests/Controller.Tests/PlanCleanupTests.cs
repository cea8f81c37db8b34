using Contracts.Plans;
using Controller.Planning;

namespace Controller.Tests;

public class PlanCleanupTests
{
    [Fact]
    public void Deleting_plan_deletes_its_jobs_and_uncordons_only_what_it_cordoned()
    {
        var plan = Fixtures.Plan();
        var ours = Fixtures.Node("a");
        ours.Spec.Unschedulable = true;
        ours.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.CordonedBy] = "system-upgrade/server-plan" };
        var operators = Fixtures.Node("b");
        operators.Spec.Unschedulable = true;
        var job = JobBuilder.Build(plan, ours, "v1", "h", Fixtures.Settings);
        var decision = PlanCleanup.Decide(plan, [ours, operators], [job]);
        Assert.Equal([job.Metadata.Name], decision.Delete.Select(d => d.Name));
        var patch = Assert.Single(decision.NodePatches);
        Assert.Equal(("a", false), (patch.NodeName, patch.Unschedulable));
        Assert.False(decision.StatusChanged);
        Assert.Empty(decision.Create);
        Assert.Empty(decision.Release);
    }

    [Fact]
    public void Finalizer_list_keeps_others()
    {
        var plan = Fixtures.Plan();
        plan.Metadata.Finalizers = ["other"];
        Assert.Equal(["other", UpgradeLabels.Finalizer], PlanCleanup.Finalizers(plan, withOurs: true));
        plan.Metadata.Finalizers = ["other", UpgradeLabels.Finalizer];
        Assert.Equal(["other"], PlanCleanup.Finalizers(plan, withOurs: false));
    }
}
