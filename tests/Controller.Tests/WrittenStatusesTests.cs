using Contracts.Plans;
using Controller.Reconciliation;

namespace Controller.Tests;

public class WrittenStatusesTests
{
    private static Plan At(string resourceVersion)
    {
        var plan = Fixtures.Plan();
        plan.Metadata.ResourceVersion = resourceVersion;
        return plan;
    }

    private static PlanStatus Status(int matching) => new() { LatestHash = "h", Nodes = new PlanNodeCounts { Matching = matching } };

    [Fact]
    public void A_status_the_crd_pruned_is_not_written_again_while_the_plan_is_as_that_write_left_it()
    {
        var written = new WrittenStatuses();
        Assert.False(written.AlreadyStored(At("5"), Status(3)));

        // What the reference's CRD stores of it: status.nodes is gone.
        var stored = At("6");
        stored.Status = new PlanStatus { LatestHash = "h" };
        written.Stored(stored, Status(3));
        Assert.True(written.AlreadyStored(stored, Status(3)));

        Assert.False(written.AlreadyStored(stored, Status(4)));
        Assert.False(written.AlreadyStored(At("7"), Status(3)));
        written.Forget("server-plan");
        Assert.False(written.AlreadyStored(stored, Status(3)));
    }
}
