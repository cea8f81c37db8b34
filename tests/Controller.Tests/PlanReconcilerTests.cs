using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class PlanReconcilerTests
{
    private readonly PlanReconciler _reconciler = new(Settings);

    private static List<V1Node> Cluster() =>
        [Node("s1", controlPlane: true), Node("s2", controlPlane: true), Node("a1"), Node("a2")];

    private PlanDecision Decide(Plan plan, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Job>? jobs = null, DateTimeOffset? now = null, ChannelAnswer? answer = null, Dictionary<string, V1Secret>? secrets = null) =>
        _reconciler.Decide(new PlanSnapshot(plan, nodes, jobs ?? [], secrets ?? [], now ?? Now, answer));

    private static Plan Apply(Plan plan, PlanDecision decision)
    {
        plan.Status = decision.Status;
        return plan;
    }

    private static PlanCondition Condition(PlanDecision d, string type) => d.Status.Conditions!.Single(c => c.Type == type);

    [Fact]
    public void Invalid_plan_creates_nothing_and_says_why()
    {
        var d = Decide(Plan(configure: s => s.PostCompleteDelay = "-1s"), Cluster());
        Assert.Empty(d.Create);
        Assert.Equal(("False", "Error", "spec.postCompleteDelay is negative"), (Condition(d, "Validated").Status, Condition(d, "Validated").Reason, Condition(d, "Validated").Message));
        Assert.Equal(("False", "NotReady"), (Condition(d, "Complete").Status, Condition(d, "Complete").Reason));
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.ValidateFailed && e.Type == "Warning");
    }

    [Fact]
    public void Plan_without_version_or_channel_says_so()
    {
        var d = Decide(Plan(configure: s => s.Version = null), Cluster());
        Assert.Empty(d.Create);
        var resolved = Condition(d, "LatestResolved");
        Assert.Equal(("False", "Error", "cannot resolve plan: missing channel and version"), (resolved.Status, resolved.Reason, resolved.Message));
        Assert.Equal("NotReady", Condition(d, "Complete").Reason);
    }

    [Fact]
    public void First_pass_resolves_selects_one_node_and_creates_a_paused_job()
    {
        var plan = Plan(configure: s => s.NodeSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NodeLabels.ControlPlane] = "true" } });
        var d = Decide(plan, Cluster());
        Assert.True(d.StatusChanged);
        Assert.Equal("v1.31.2-k3s1", d.Status.LatestVersion);
        Assert.Equal(56, d.Status.LatestHash!.Length);
        Assert.Equal(("True", "Version"), (Condition(d, "LatestResolved").Status, Condition(d, "LatestResolved").Reason));
        Assert.Equal(("False", "Resolved"), (Condition(d, "Complete").Status, Condition(d, "Complete").Reason));
        var job = Assert.Single(d.Create);
        Assert.Equal(0, job.Spec.Parallelism);
        Assert.Equal(job.Metadata.Name, Assert.Single(d.Release));
        Assert.Equal(job.Metadata.Labels[UpgradeLabels.Node], Assert.Single(d.Status.Applying!));
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.Resolved);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.SyncJob);
        Assert.Equal(2, d.Status.Nodes!.Matching);
        Assert.Equal(1, d.Status.Nodes.Waiting);
    }

    [Fact]
    public void Second_pass_with_the_job_changes_nothing_and_releases_it()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = first.Create[0];
        var second = Decide(Apply(plan, first), nodes, [job]);
        Assert.False(second.StatusChanged);
        Assert.Empty(second.Create);
        Assert.Empty(second.Delete);
        Assert.Equal([job.Metadata.Name], second.Release);
        job.Spec.Parallelism = 1;
        var third = Decide(plan, nodes, [job]);
        Assert.Empty(third.Release);
        Assert.Empty(third.Events);
    }

    [Fact]
    public void Completed_job_labels_the_node_uncordons_it_and_the_next_node_follows()
    {
        var plan = Plan(configure: s => { s.Cordon = true; s.PostCompleteLabels = new Dictionary<string, string> { ["k3s-version"] = "$(LATEST_VERSION)" }; });
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = first.Create[0];
        var nodeName = job.Metadata.Labels[UpgradeLabels.Node];
        var mark = Assert.Single(first.NodePatches);
        Assert.Equal((nodeName, "system-upgrade/server-plan"), (mark.NodeName, mark.Annotations[UpgradeLabels.CordonedBy]));
        var node = nodes.Single(n => n.Metadata.Name == nodeName);
        node.Spec.Unschedulable = true;
        node.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.CordonedBy] = "system-upgrade/server-plan" };
        Upgraded(node); // the readiness gate: done only once back at the target
        WithCondition(job, "Complete", Now.AddSeconds(5));
        var d = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        var patch = d.NodePatches.Single(p => p.NodeName == nodeName);
        Assert.Equal(first.Status.LatestHash, patch.Labels["plan.upgrade.cattle.io/server-plan"]);
        Assert.Equal("v1.31.2-k3s1", patch.Labels["k3s-version"]);
        Assert.False(patch.Unschedulable);
        Assert.Null(patch.Annotations[UpgradeLabels.CordonedBy]);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.JobComplete);
        var next = Assert.Single(d.Create);
        Assert.NotEqual(nodeName, next.Metadata.Labels[UpgradeLabels.Node]);
        Assert.Equal([next.Metadata.Labels[UpgradeLabels.Node]], d.Status.Applying);
        Assert.Contains(d.NodePatches, p => p.NodeName == next.Metadata.Labels[UpgradeLabels.Node] && p.Annotations.ContainsKey(UpgradeLabels.CordonedBy));
        Assert.Equal(TimeSpan.FromSeconds(895), d.RequeueAfter); // the finished Job's TTL
    }

    [Fact]
    public void A_node_cordoned_by_an_operator_stays_cordoned()
    {
        var plan = Plan(configure: s => s.Cordon = true);
        var nodes = Cluster();
        nodes.ForEach(n => n.Spec.Unschedulable = true);
        var first = Decide(plan, nodes);
        Assert.Empty(first.NodePatches); // not marked: we did not cordon it
        var job = WithCondition(first.Create[0], "Complete", Now.AddSeconds(5));
        // The readiness gate: the node is done only once it is back at the target.
        Upgraded(nodes.Single(n => n.Metadata.Name == job.Metadata.Labels[UpgradeLabels.Node]));
        var d = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        var patch = d.NodePatches.Single(p => p.NodeName == job.Metadata.Labels[UpgradeLabels.Node]);
        Assert.Null(patch.Unschedulable);
    }

    [Fact]
    public void Post_complete_delay_holds_the_slot_and_wakes_up_when_it_has_passed()
    {
        var plan = Plan(configure: s => s.PostCompleteDelay = "30s");
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = WithCondition(first.Create[0], "Complete", Now.AddSeconds(5));
        // The readiness gate: the node is done only once it is back at the target.
        Upgraded(nodes.Single(n => n.Metadata.Name == job.Metadata.Labels[UpgradeLabels.Node]));
        var waiting = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        Assert.Empty(waiting.NodePatches);
        Assert.Empty(waiting.Create);
        Assert.Contains(waiting.Events, e => e.Reason == PlanEvents.JobCompleteWaiting);
        Assert.Equal(TimeSpan.FromSeconds(25), waiting.RequeueAfter);
        var done = Decide(plan, nodes, [job], Now.AddSeconds(35));
        Assert.Single(done.NodePatches);
        Assert.Single(done.Create);
    }

    [Fact]
    public void Failed_job_is_reported_with_its_reason_and_not_recreated()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = WithCondition(first.Create[0], "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        var d = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        var complete = Condition(d, "Complete");
        Assert.Equal("JobFailed", complete.Reason);
        Assert.Equal($"Job system-upgrade/{job.Metadata.Name} failed on Node {job.Metadata.Labels[UpgradeLabels.Node]}: BackoffLimitExceeded: Job has reached the specified backoff limit", complete.Message);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.JobFailed && e.Type == "Warning");
        Assert.Empty(d.Create);
        Assert.Empty(d.Delete);
        // Only the node's failure mark, which keeps the failure where no CRD prunes it.
        Assert.Equal([UpgradeLabels.FailedPrefix + plan.Metadata.Name], Assert.Single(d.NodePatches).Annotations.Keys);
        Assert.Equal(first.Status.Applying, d.Status.Applying);
    }

    [Fact]
    public void A_failed_job_stays_failed_after_its_ttl_removed_it_until_the_plan_changes_what_it_runs()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = WithCondition(first.Create[0], "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        var failed = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        var record = Assert.Single(failed.Status.FailedJobs!);
        Assert.Equal((job.Metadata.Name, job.Metadata.Labels[UpgradeLabels.Node]), (record.Job, record.Node));
        Assert.Equal(Condition(failed, "Complete").Message, record.Message);
        Assert.Equal(1, failed.Status.Nodes!.Failed);

        // Past the TTL: the Job is deleted (by us or by Kubernetes) and nothing creates it again, nor a second event.
        var pastTtl = Decide(Apply(plan, failed), nodes, [job], Now.AddSeconds(1000));
        Assert.Contains(pastTtl.Delete, x => x.Name == job.Metadata.Name);
        var gone = Decide(Apply(plan, pastTtl), nodes, [], Now.AddSeconds(1001));
        Assert.Empty(gone.Create);
        Assert.DoesNotContain(gone.Events, e => e.Reason == PlanEvents.JobFailed);
        Assert.Equal("JobFailed", Condition(gone, "Complete").Reason);
        Assert.Equal(1, gone.Status.Nodes!.Failed);
        Assert.Equal(first.Status.Applying, gone.Status.Applying);

        // An edit that changes what the Job runs (same hash) tries the node again.
        plan.Spec.Upgrade!.Args = ["--fixed"];
        var retried = Decide(plan, nodes, [], Now.AddSeconds(1002));
        var again = Assert.Single(retried.Create);
        Assert.Equal(job.Metadata.Name, again.Metadata.Name);
        Assert.Equal(["--fixed"], again.Spec.Template.Spec.Containers.Single(c => c.Name == "upgrade").Args);
        Assert.Null(retried.Status.FailedJobs);
    }

    [Fact]
    public void Annotating_the_plan_tries_a_failed_node_again()
    {
        // The Plan's annotations are the Job's and its pod's: a new one changes what the Job is, so an operator
        // who fixed the node can retry with `kubectl annotate plan ... retry=...` and no other edit.
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = WithCondition(first.Create[0], "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", "x");
        var failed = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        var gone = Decide(Apply(plan, failed), nodes, [], Now.AddSeconds(1000));
        Assert.Empty(gone.Create);
        plan.Metadata.Annotations = new Dictionary<string, string> { ["retry"] = "1" };
        var retried = Decide(Apply(plan, gone), nodes, [], Now.AddSeconds(1001));
        Assert.Equal(job.Metadata.Name, Assert.Single(retried.Create).Metadata.Name);
    }

    [Fact]
    public void A_failed_job_still_there_is_replaced_when_the_plan_changes_its_template()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = WithCondition(first.Create[0], "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", "x");
        var failed = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(10));
        plan.Spec.Upgrade!.Image = "rancher/k3s-upgrade-fixed";
        var edited = Decide(Apply(plan, failed), nodes, [job], Now.AddSeconds(20));
        Assert.Contains(edited.Delete, x => x.Name == job.Metadata.Name);
        Assert.Empty(edited.Create);
        Assert.Null(edited.Status.FailedJobs);
        var recreated = Decide(Apply(plan, edited), nodes, [], Now.AddSeconds(21));
        Assert.StartsWith("rancher/k3s-upgrade-fixed:", Assert.Single(recreated.Create).Spec.Template.Spec.Containers.Single(c => c.Name == "upgrade").Image);
    }

    [Fact]
    public void Every_failed_node_is_named_and_has_its_own_event()
    {
        var plan = Plan(configure: s => s.Concurrency = 2);
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        Assert.Equal(2, first.Create.Count);
        var jobs = first.Create.Select((j, i) => WithCondition(j, "Failed", Now.AddSeconds(5), "BackoffLimitExceeded", $"attempt {i}")).ToList();
        var d = Decide(Apply(plan, first), nodes, jobs, Now.AddSeconds(10));
        Assert.Equal(2, d.Events.Count(e => e.Reason == PlanEvents.JobFailed));
        var message = Condition(d, "Complete").Message;
        Assert.All(jobs, j => Assert.Contains($"failed on Node {j.Metadata.Labels[UpgradeLabels.Node]}", message));
        Assert.Equal(2, d.Status.Nodes!.Failed);
        var again = Decide(Apply(plan, d), nodes, jobs, Now.AddSeconds(11));
        Assert.DoesNotContain(again.Events, e => e.Reason == PlanEvents.JobFailed);
    }

    [Fact]
    public void A_downgrade_gated_node_shows_while_the_other_nodes_roll_out()
    {
        var nodes = Cluster();
        nodes.Single(n => n.Metadata.Name == "a2").Status.NodeInfo.KubeletVersion = "v1.32.0+k3s1";
        foreach (var server in nodes.Where(n => n.Metadata.Labels.ContainsKey(NodeLabels.ControlPlane)))
        {
            server.Status.NodeInfo.KubeletVersion = "v1.31.2+k3s1"; // the control plane is done
        }

        var plan = Plan(configure: s => s.NodeSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = NodeLabels.ControlPlane, OperatorProperty = "DoesNotExist" }] });
        var d = Decide(plan, nodes);
        Assert.Equal("a1", Assert.Single(d.Create).Metadata.Labels[UpgradeLabels.Node]);
        var complete = Condition(d, "Complete");
        Assert.Equal(("False", "Downgrade"), (complete.Status, complete.Reason));
        Assert.Contains("a2 runs v1.32.0+k3s1", complete.Message);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.Gated && e.Type == "Warning");
    }

    [Fact]
    public void Finished_jobs_are_deleted_after_their_ttl()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = WithCondition(first.Create[0], "Failed", Now, "DeadlineExceeded", "x");
        var d = Decide(Apply(plan, first), nodes, [job], Now.AddSeconds(901));
        Assert.Contains(d.Delete, x => x.Name == job.Metadata.Name);
    }

    [Fact]
    public void Stale_jobs_are_deleted()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = first.Create[0];
        var otherVersion = Decide(Plan(configure: s => s.Version = "v1.31.3+k3s1"), nodes).Create[0];
        otherVersion.Metadata.Name = "old-version";
        var noNode = JobBuilder.Build(plan, Node("gone"), first.Status.LatestVersion!, first.Status.LatestHash!, Settings);
        var unlabelled = JobBuilder.Build(plan, nodes[0], first.Status.LatestVersion!, first.Status.LatestHash!, Settings);
        unlabelled.Metadata.Name = "unlabelled";
        unlabelled.Metadata.Labels.Remove(UpgradeLabels.Version);
        var d = Decide(Apply(plan, first), nodes, [job, otherVersion, noNode, unlabelled]);
        Assert.Equal(new[] { "old-version", noNode.Metadata.Name, "unlabelled" }.Order(StringComparer.Ordinal), d.Delete.Select(x => x.Name).Order(StringComparer.Ordinal));
        Assert.Empty(d.Create);
    }

    [Fact]
    public void Out_of_turn_jobs_are_deleted_and_concurrency_is_kept()
    {
        var plan = Plan(configure: s => s.Concurrency = 2);
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        Assert.Equal(2, first.Create.Count);
        var applying = first.Status.Applying!;
        var intruder = nodes.First(n => !applying.Contains(n.Metadata.Name));
        var extra = JobBuilder.Build(plan, intruder, first.Status.LatestVersion!, first.Status.LatestHash!, Settings);
        extra.Spec.Parallelism = 1;
        var d = Decide(Apply(plan, first), nodes, [.. first.Create, extra]);
        Assert.Equal([extra.Metadata.Name], d.Delete.Select(x => x.Name));
        Assert.Equal(2, d.Release.Count);
        Assert.DoesNotContain(extra.Metadata.Name, d.Release);
    }

    [Fact]
    public void Every_node_done_completes_the_plan()
    {
        var plan = Plan();
        var hash = Decide(plan, Cluster()).Status.LatestHash!;
        var nodes = Cluster();
        nodes.ForEach(n => n.Metadata.Labels["plan.upgrade.cattle.io/server-plan"] = hash);
        var d = Decide(plan, nodes);
        Assert.Equal(("True", "Complete"), (Condition(d, "Complete").Status, Condition(d, "Complete").Reason));
        Assert.Null(d.Status.Applying);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.Complete);
        Assert.Equal(4, d.Status.Nodes!.Done);
    }

    [Fact]
    public void Closed_window_waits_and_checks_again_in_a_minute()
    {
        // Now is Thursday 12:00 UTC.
        var plan = Plan(configure: s => s.Window = new TimeWindowSpec { Days = ["mon"], StartTime = "01:00", EndTime = "02:00" });
        var d = Decide(plan, Cluster());
        Assert.Empty(d.Create);
        Assert.Equal(("False", "Waiting"), (Condition(d, "Complete").Status, Condition(d, "Complete").Reason));
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.Waiting);
        Assert.Equal(TimeSpan.FromMinutes(1), d.RequeueAfter);
    }

    [Fact]
    public void Applying_nodes_finish_after_the_window_closes()
    {
        var plan = Plan(configure: s => s.Window = new TimeWindowSpec { Days = ["thu"], StartTime = "11:00", EndTime = "12:00" });
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        Assert.Single(first.Create);
        var later = Decide(Apply(plan, first), nodes, first.Create, Now.AddHours(1));
        Assert.Equal(first.Status.Applying, later.Status.Applying);
        Assert.Empty(later.Delete);
    }

    [Fact]
    public void Args_edit_replaces_an_unfinished_job()
    {
        var plan = Plan();
        var nodes = Cluster();
        var first = Decide(plan, nodes);
        var job = first.Create[0];
        job.Spec.Parallelism = 1;
        var edited = Apply(Plan(configure: s => s.Upgrade!.Args = ["--new"]), first);
        var d = Decide(edited, nodes, [job]);
        Assert.Equal([job.Metadata.Name], d.Delete.Select(x => x.Name));
        Assert.Empty(d.Create);
        Assert.NotNull(d.RequeueAfter);
    }

    [Fact]
    public void New_channel_version_starts_a_new_rollout()
    {
        var plan = Plan(configure: s => { s.Version = null; s.Channel = "http://channel/stable"; });
        var nodes = Cluster();
        var first = Decide(plan, nodes, answer: ChannelAnswer.Success("v1.31.2+k3s1"));
        Assert.Equal(("True", "Channel"), (Condition(first, "LatestResolved").Status, Condition(first, "LatestResolved").Reason));
        var hash = first.Status.LatestHash!;
        nodes.ForEach(n => n.Metadata.Labels["plan.upgrade.cattle.io/server-plan"] = hash);
        var done = Decide(Apply(plan, first), nodes, answer: ChannelAnswer.Success("v1.31.2+k3s1"));
        Assert.Equal("Complete", Condition(done, "Complete").Reason);
        var moved = Decide(Apply(plan, done), nodes, answer: ChannelAnswer.Success("v1.31.3+k3s1"));
        Assert.Equal("v1.31.3-k3s1", moved.Status.LatestVersion);
        Assert.Single(moved.Create);
        Assert.Equal(("False", "Resolved"), (Condition(moved, "Complete").Status, Condition(moved, "Complete").Reason));
    }

    [Fact]
    public void Channel_failure_keeps_the_last_good_version_and_warns()
    {
        var plan = Plan(configure: s => { s.Version = null; s.Channel = "http://channel/stable"; });
        var nodes = Cluster();
        var first = Decide(plan, nodes, answer: ChannelAnswer.Success("v1.31.2+k3s1"));
        var failed = Decide(Apply(plan, first), nodes, first.Create, answer: ChannelAnswer.Failure("channel answered 500"));
        Assert.Equal("v1.31.2-k3s1", failed.Status.LatestVersion);
        Assert.Contains(failed.Events, e => e.Reason == PlanEvents.ResolveFailed);
        Assert.Empty(failed.Delete);
    }

    [Fact]
    public void Downgrade_is_refused_before_any_node_is_cordoned()
    {
        var plan = Plan(configure: s => { s.Version = "v1.30.1+k3s1"; s.Cordon = true; });
        var d = Decide(plan, Cluster());
        Assert.Empty(d.Create);
        Assert.Empty(d.NodePatches);
        var complete = Condition(d, "Complete");
        Assert.Equal(("False", "Downgrade"), (complete.Status, complete.Reason));
        Assert.Contains("s1 runs v1.31.1+k3s1", complete.Message);
        Assert.Contains(d.Events, e => e.Reason == PlanEvents.Gated && e.Type == "Warning");
        Assert.Equal(4, d.Status.Nodes!.Gated);
    }

    [Fact]
    public void Minor_skip_is_refused_unless_annotated()
    {
        var plan = Plan(configure: s => s.Version = "v1.33.0+k3s1");
        var d = Decide(plan, Cluster());
        Assert.Equal("VersionSkew", Condition(d, "Complete").Reason);
        Assert.Empty(d.Create);
        plan.Metadata.Annotations = new Dictionary<string, string> { [UpgradeLabels.AllowMinorSkip] = "true" };
        Assert.Single(Decide(plan, Cluster()).Create);
    }

    [Fact]
    public void Agents_wait_for_the_control_plane()
    {
        var plan = Plan("agent-plan", s => s.NodeSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = NodeLabels.ControlPlane, OperatorProperty = "DoesNotExist" }] });
        var d = Decide(plan, Cluster());
        Assert.Empty(d.Create);
        Assert.Equal("WaitingForControlPlane", Condition(d, "Complete").Reason);
        var upgraded = Cluster();
        upgraded.Where(VersionGate.IsControlPlane).ToList().ForEach(n => n.Status.NodeInfo.KubeletVersion = "v1.31.2+k3s1");
        Assert.Single(Decide(plan, upgraded).Create);
    }

    [Fact]
    public void A_downgrade_outranks_waiting_for_the_control_plane_in_the_message()
    {
        var plan = Plan(configure: s => s.Version = "v1.31.3+k3s1");
        List<V1Node> nodes = [Fixtures.Node("a1", version: "v1.31.1+k3s1"), Fixtures.Node("s1", controlPlane: true, version: "v1.31.1+k3s1"), Fixtures.Node("s2", controlPlane: true, version: "v1.31.5+k3s1")];
        var d = Decide(plan, nodes);
        Assert.Equal(2, d.Status.Nodes!.Gated);
        var message = Condition(d, "Complete").Message;
        Assert.StartsWith("refusing to downgrade: s2 runs v1.31.5+k3s1", message);
        Assert.DoesNotContain("a1", message);
    }

    [Fact]
    public void Missing_secret_blocks_and_secret_content_feeds_the_hash()
    {
        var plan = Plan(configure: s => s.Secrets = [new SecretSpec { Name = "creds" }]);
        Assert.Contains("creds", Condition(Decide(plan, Cluster()), "Validated").Message);
        var a = Decide(plan, Cluster(), secrets: new() { ["creds"] = new V1Secret { Data = new Dictionary<string, byte[]> { ["x"] = [1] } } });
        var b = Decide(plan, Cluster(), secrets: new() { ["creds"] = new V1Secret { Data = new Dictionary<string, byte[]> { ["x"] = [2] } } });
        Assert.NotEqual(a.Status.LatestHash, b.Status.LatestHash);
    }
}
