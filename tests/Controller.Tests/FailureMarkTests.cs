using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

/// <summary>The failure kept on the node, for a CRD (the reference's) that prunes <c>status.failedJobs</c>.</summary>
public class FailureMarkTests
{
    private const string Key = "failed.upgrade.channels.dev/server-plan";
    private readonly PlanReconciler _reconciler = new(Settings);

    private PlanDecision Decide(Plan plan, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Job> jobs, DateTimeOffset now) =>
        _reconciler.Decide(new PlanSnapshot(plan, nodes, jobs, new Dictionary<string, V1Secret>(), now, null));

    /// <summary>What the reference's CRD keeps of our status: <c>failedJobs</c> and <c>nodes</c> are pruned.</summary>
    private static Plan Pruned(Plan plan, PlanDecision decision)
    {
        plan.Status = decision.Status;
        plan.Status.FailedJobs = null;
        plan.Status.Nodes = null;
        return plan;
    }

    /// <summary>The API server's merge patch, on our copy of the node.</summary>
    private static void Patch(V1Node node, NodePatch patch)
    {
        Assert.Equal(node.Metadata.Name, patch.NodeName);
        foreach (var (key, value) in patch.Labels)
        {
            if (value is null)
            {
                node.Metadata.Labels.Remove(key);
            }
            else
            {
                node.Metadata.Labels[key] = value;
            }
        }

        node.Metadata.Annotations ??= new Dictionary<string, string>();
        foreach (var (key, value) in patch.Annotations)
        {
            if (value is null)
            {
                node.Metadata.Annotations.Remove(key);
            }
            else
            {
                node.Metadata.Annotations[key] = value;
            }
        }
    }

    /// <summary>The node's Job fails; the pass that sees it marks the node, and the status it writes is pruned.</summary>
    private (Plan Plan, V1Node Node, V1Job Job, PlanDecision Failed) FailOnce()
    {
        var plan = Plan();
        var node = Node("a");
        var first = Decide(plan, [node], [], Now);
        var job = WithCondition(first.Create.Single(), "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        plan.Status = first.Status;
        var failed = Decide(plan, [node], [job], Now.AddSeconds(10));
        var patch = Assert.Single(failed.NodePatches);
        Assert.Equal(["a"], failed.NodePatches.Select(p => p.NodeName));
        Assert.Equal([Key], patch.Annotations.Keys);
        Patch(node, patch);
        return (Pruned(plan, failed), node, job, failed);
    }

    [Fact]
    public void The_pass_that_sees_a_failure_marks_its_node_with_the_job_and_its_template()
    {
        var (_, node, job, failed) = FailOnce();
        var mark = FailureMark.Read(node, "server-plan");
        Assert.NotNull(mark);
        Assert.Equal(("a", job.Metadata.Name, JobSync.TemplateOf(job)), (mark.Node, mark.Job, mark.Template));
        Assert.Equal(failed.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete).Message, mark.Message);
        Assert.Single(failed.Events, e => e.Reason == PlanEvents.JobFailed);
    }

    [Fact]
    public void A_failure_remembered_only_by_the_node_creates_no_job_and_keeps_JobFailed_after_the_job_is_gone()
    {
        var (plan, node, job, failed) = FailOnce();

        // The failed Job is still there but the status forgot it: no second event, no new patch.
        var still = Decide(plan, [node], [job], Now.AddSeconds(11));
        Assert.DoesNotContain(still.Events, e => e.Reason == PlanEvents.JobFailed);
        Assert.Empty(still.NodePatches);

        // Kubernetes removed the Job at its TTL; status.failedJobs is empty.
        var gone = Decide(Pruned(plan, still), [node], [], Now.AddSeconds(1000));
        Assert.Empty(gone.Create);
        Assert.Empty(gone.Release);
        Assert.Empty(gone.NodePatches);
        Assert.DoesNotContain(gone.Events, e => e.Reason == PlanEvents.JobFailed);
        var complete = gone.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete);
        Assert.Equal(("False", PlanConditions.Reasons.JobFailed), (complete.Status, complete.Reason));
        Assert.Equal($"Job system-upgrade/{job.Metadata.Name} failed on Node a: BackoffLimitExceeded: Job has reached the specified backoff limit", complete.Message);
        Assert.Equal(failed.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete).Message, complete.Message);
        Assert.Equal(["a"], gone.Status.Applying);
    }

    [Fact]
    public void A_changed_template_retries_the_node_and_drops_its_mark()
    {
        var (plan, node, job, _) = FailOnce();
        plan.Spec.Upgrade!.Args = ["--fixed"];
        var retried = Decide(plan, [node], [], Now.AddSeconds(1000));
        Assert.Equal(job.Metadata.Name, Assert.Single(retried.Create).Metadata.Name);
        var patch = Assert.Single(retried.NodePatches);
        Assert.Equal(new Dictionary<string, string?> { [Key] = null }, patch.Annotations);
        Assert.Null(retried.Status.FailedJobs);
    }

    [Fact]
    public void A_node_that_completes_the_plan_loses_its_mark_in_the_patch_that_labels_it()
    {
        var (plan, node, job, _) = FailOnce();
        // Upgraded out of band meanwhile (an operator re-ran the Job by hand, say), and its Job completed.
        var completed = WithCondition(JobBuilder.Build(plan, node, plan.Status!.LatestVersion!, plan.Status.LatestHash!, Settings), "Complete", Now.AddSeconds(20));
        Assert.Equal(job.Metadata.Name, completed.Metadata.Name);
        Upgraded(node);
        var done = Decide(plan, [node], [completed], Now.AddSeconds(30));
        var patch = Assert.Single(done.NodePatches);
        Assert.Equal(plan.Status.LatestHash, patch.Labels[UpgradeLabels.ForPlan("server-plan")]);
        Assert.Equal(new Dictionary<string, string?> { [Key] = null }, patch.Annotations);
        Assert.Equal(PlanConditions.Reasons.Complete, done.Status.Conditions!.Single(c => c.Type == PlanConditions.Complete).Reason);
    }

    [Fact]
    public void A_node_the_plan_no_longer_selects_loses_its_mark()
    {
        var (plan, node, _, _) = FailOnce();
        plan.Spec.NodeSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NodeLabels.Hostname] = "b" } };
        var d = Decide(plan, [node, Node("b")], [], Now.AddSeconds(1000));
        Assert.Equal(new Dictionary<string, string?> { [Key] = null }, Assert.Single(d.NodePatches, p => p.NodeName == "a").Annotations);
        Assert.Null(d.Status.FailedJobs);
    }

    [Fact]
    public void A_mark_of_another_plan_or_one_edited_into_garbage_holds_nothing()
    {
        var (plan, node, _, _) = FailOnce();
        node.Metadata.Annotations![Key] = "not json";
        var d = Decide(plan, [node], [], Now.AddSeconds(1000));
        Assert.Single(d.Create);
        Assert.Equal(new Dictionary<string, string?> { [Key] = null }, Assert.Single(d.NodePatches).Annotations);

        var other = Node("a");
        other.Metadata.Annotations = new Dictionary<string, string> { ["failed.upgrade.channels.dev/other-plan"] = node.Metadata.Annotations[Key] };
        Assert.Null(FailureMark.Read(other, "server-plan"));
    }

    [Fact]
    public void A_plan_name_too_long_for_a_key_gets_no_mark_and_keeps_its_failures_in_the_status()
    {
        var name = new string('p', 64);
        Assert.Null(FailureMark.Key(name));
        Assert.Equal("failed.upgrade.channels.dev/" + new string('p', 63), FailureMark.Key(new string('p', 63)));
        var plan = Plan(name);
        var node = Node("a");
        var first = Decide(plan, [node], [], Now);
        var job = WithCondition(first.Create.Single(), "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", "x");
        plan.Status = first.Status;
        var failed = Decide(plan, [node], [job], Now.AddSeconds(10));
        Assert.Empty(failed.NodePatches);
        Assert.Single(failed.Status.FailedJobs!);
    }

    [Fact]
    public void Deleting_the_plan_removes_its_marks_with_its_cordon_marks()
    {
        var plan = Plan();
        var both = Node("a");
        both.Spec.Unschedulable = true;
        both.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.CordonedBy] = "system-upgrade/server-plan", [Key] = "{}", ["failed.upgrade.channels.dev/other"] = "{}" };
        var failedOnly = Node("b");
        failedOnly.Metadata.Annotations = new Dictionary<string, string> { [Key] = "{}" };
        var decision = PlanCleanup.Decide(plan, [both, failedOnly, Node("c")], []);
        Assert.Equal(["a", "b"], decision.NodePatches.Select(p => p.NodeName));
        Assert.Equal(new Dictionary<string, string?> { [UpgradeLabels.CordonedBy] = null, [Key] = null }, decision.NodePatches[0].Annotations);
        Assert.False(decision.NodePatches[0].Unschedulable);
        Assert.Equal(new Dictionary<string, string?> { [Key] = null }, decision.NodePatches[1].Annotations);
        Assert.Null(decision.NodePatches[1].Unschedulable);
    }
}
