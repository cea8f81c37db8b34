using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class CompleteConditionTests
{
    private static PlanCondition Complete(DecisionDraft d) => Conditions.Get(d.Status, PlanConditions.Complete)!;

    private static NodeChoice Choice(IReadOnlyList<V1Node> selected, IReadOnlyList<V1Node>? candidates = null, IReadOnlyList<GatedNode>? gated = null, bool windowOpen = true) =>
        new(candidates ?? selected, candidates ?? selected, gated ?? [], selected, windowOpen);

    [Fact]
    public void Nothing_left_is_complete_with_an_event()
    {
        var d = new DecisionDraft(null);
        CompleteCondition.Set(Plan(), Choice([]), [], "v1", "h", Now, d);
        Assert.Equal(("True", PlanConditions.Reasons.Complete), (Complete(d).Status, Complete(d).Reason));
        Assert.Equal(PlanEvents.Complete, Assert.Single(d.Events).Reason);
    }

    [Fact]
    public void Outside_the_window_with_candidates_waits_and_looks_again_in_a_minute()
    {
        var d = new DecisionDraft(null);
        CompleteCondition.Set(Plan(), Choice([], candidates: [Node("a")], windowOpen: false), [], "v1", "h", Now, d);
        Assert.Equal(PlanConditions.Reasons.Waiting, Complete(d).Reason);
        Assert.Equal(CompleteCondition.WindowRecheck, d.RequeueAfter);
    }

    [Fact]
    public void Failures_show_while_rolling_out_and_a_gate_needing_an_operator_beats_waiting()
    {
        var a = Node("a");
        var failed = new DecisionDraft(null);
        CompleteCondition.Set(Plan(), Choice([a]), [new PlanJobFailure { Node = "a", Job = "j", Message = "Job x failed" }], "v1", "h", Now, failed);
        Assert.Equal((PlanConditions.Reasons.JobFailed, "Job x failed"), (Complete(failed).Reason, Complete(failed).Message));

        var gated = new DecisionDraft(null);
        CompleteCondition.Set(Plan(), Choice([a], gated: [new GatedNode(Node("b"), PlanConditions.Reasons.Downgrade, "b runs v2")]), [], "v1", "h", Now, gated);
        Assert.Equal(PlanConditions.Reasons.Downgrade, Complete(gated).Reason);
        Assert.Equal(PlanEvents.Gated, Assert.Single(gated.Events).Reason);

        var following = new DecisionDraft(null);
        CompleteCondition.Set(Plan(), Choice([a], gated: [new GatedNode(Node("b"), PlanConditions.Reasons.WaitingForControlPlane, "b waits")]), [], "v1", "h", Now, following);
        Assert.Equal(PlanConditions.Reasons.Resolved, Complete(following).Reason);
        Assert.Contains("b waits", Complete(following).Message);
    }
}
