using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class JobSyncTests
{
    private static readonly V1Node A = Node("a");
    private static readonly V1Node B = Node("b");

    private static (DecisionDraft Draft, V1Job Desired) Sync(IReadOnlyList<V1Job> jobs, IReadOnlyList<V1Node> selected, IReadOnlySet<string>? failedNodes = null)
    {
        var plan = Plan();
        var desired = selected.ToDictionary(n => n.Metadata.Name, n => JobBuilder.Build(plan, n, "v1.31.2-k3s1", "h", Settings));
        var d = new DecisionDraft(null);
        var triage = JobTriage.Sort(jobs, new Dictionary<string, V1Node> { ["a"] = A, ["b"] = B }, "v1.31.2-k3s1", Now, d);
        JobSync.Sync(plan, jobs, triage, new NodeChoice(selected, selected, [], selected, true), desired, failedNodes ?? new HashSet<string>(), "v1.31.2-k3s1", "h", d);
        return (d, desired.Values.FirstOrDefault()!);
    }

    [Fact]
    public void A_selected_node_without_a_job_gets_one_created_and_released_with_an_event()
    {
        var (d, desired) = Sync([], [A]);
        Assert.Equal(desired.Metadata.Name, Assert.Single(d.Create).Metadata.Name);
        Assert.Equal([desired.Metadata.Name], d.Release);
        Assert.Contains(d.Events, e => e.Reason == Contracts.Plans.PlanEvents.SyncJob);
    }

    [Fact]
    public void A_failed_node_gets_no_new_job()
    {
        var (d, _) = Sync([], [A], new HashSet<string> { "a" });
        Assert.Empty(d.Create);
        Assert.Empty(d.Release);
    }

    [Fact]
    public void An_unfinished_job_of_a_node_not_selected_is_out_of_turn_and_one_with_an_old_template_is_replaced()
    {
        var outOfTurn = JobBuilder.Build(Plan(), B, "v1.31.2-k3s1", "h", Settings);
        var stale = JobBuilder.Build(Plan(), A, "v1.31.2-k3s1", "h", Settings);
        stale.Metadata.Annotations[JobBuilder.TemplateAnnotation] = "old";
        var (d, _) = Sync([outOfTurn, stale], [A]);
        Assert.Contains(d.Delete, x => x.Name == outOfTurn.Metadata.Name && x.Why.StartsWith("out of turn", StringComparison.Ordinal));
        Assert.Contains(d.Delete, x => x.Name == stale.Metadata.Name && x.Why == "the Plan changed the Job's template");
        Assert.Empty(d.Create);
    }
}
