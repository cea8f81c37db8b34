using Contracts.Plans;
using Controller.Planning;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class NodeChoiceTests
{
    [Fact]
    public void Gated_nodes_are_not_selected_and_the_counts_add_up()
    {
        var plan = Plan(configure: s => s.Concurrency = 5);
        var nodes = new[] { Node("s1", controlPlane: true), Node("new", version: "v1.32.0+k3s1"), Node("done", labels: new() { [UpgradeLabels.ForPlan("server-plan")] = "h" }) };
        var choice = NodeChoice.Make(plan, nodes, new HashSet<string>(), "v1.31.2-k3s1", "h", Now);
        Assert.Equal(["s1"], choice.Selected.Select(n => n.Metadata.Name));
        Assert.Equal(PlanConditions.Reasons.Downgrade, Assert.Single(choice.Gated).Reason);
        var counts = choice.Counts(UpgradeLabels.ForPlan("server-plan"), "h", failed: 0);
        Assert.Equal((3, 1, 1, 0, 1), (counts.Matching, counts.Done, counts.Applying, counts.Waiting, counts.Gated));
    }

    [Fact]
    public void Outside_the_window_only_nodes_already_applying_keep_their_slot()
    {
        var plan = Plan(configure: s => { s.Concurrency = 2; s.Window = new TimeWindowSpec { Days = ["monday"], StartTime = "01:00", EndTime = "02:00" }; });
        var nodes = new[] { Node("a"), Node("b"), Node("c") };
        var choice = NodeChoice.Make(plan, nodes, new HashSet<string> { "b" }, "v1.31.2-k3s1", "h", Now);
        Assert.False(choice.WindowOpen);
        Assert.Equal(["b"], choice.Selected.Select(n => n.Metadata.Name));
    }
}
