using k8s;
using Contracts.Plans;
using k8s.Models;

namespace EndToEnd.Tests;

public class PlanLifecycleTests
{
    private static Task<ControllerScenario> Small() => ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; });

    [Fact]
    public async Task Invalid_plans_say_why_and_create_nothing()
    {
        await using var s = await Small();
        await s.StartControllerAsync();
        var cases = new Dictionary<string, (Action<PlanSpec> Change, string Message)>
        {
            ["both-delete"] = (p => p.Drain = new DrainSpec { DeleteEmptydirData = true, DeleteLocalData = true }, "spec.drain cannot specify both deleteEmptydirData and deleteLocalData"),
            ["bad-selector"] = (p => p.Drain = new DrainSpec { PodSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Near" }] } }, "spec.drain.podSelector is not selectable"),
            ["bad-window"] = (p => p.Window = new TimeWindowSpec { Days = ["someday"], StartTime = "01:00", EndTime = "02:00" }, "spec.window is invalid: invalid weekday: someday"),
            ["negative-delay"] = (p => p.PostCompleteDelay = "-5s", "spec.postCompleteDelay is negative"),
            ["missing-secret"] = (p => p.Secrets = [new SecretSpec { Name = "nowhere" }], "spec.secrets: secret nowhere not found"),
        };
        foreach (var (name, (change, _)) in cases)
        {
            await s.CreatePlanAsync(Plans.For(name, configure: change));
        }

        foreach (var (name, (_, message)) in cases)
        {
            await s.WaitAsync(async () => (await s.ConditionAsync(name, PlanConditions.Validated))?.Message == message, $"{name}: Validated says '{message}'");
            var complete = await s.ConditionAsync(name, PlanConditions.Complete);
            Assert.Equal(("False", "NotReady"), (complete!.Status, complete.Reason));
        }

        Assert.Empty(await s.JobsAsync());
        Assert.All(await s.NodesAsync(), n => Assert.NotEqual(true, n.Spec.Unschedulable));
        await s.WaitAsync(async () => (await s.EventsAsync("negative-delay")).Any(e => e.Reason == PlanEvents.ValidateFailed), "a ValidateFailed event");
    }

    [Fact]
    public async Task Plan_without_version_or_channel_says_so()
    {
        await using var s = await Small();
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("nothing", version: null));
        await s.WaitAsync(async () => (await s.ConditionAsync("nothing", PlanConditions.LatestResolved))?.Message == "cannot resolve plan: missing channel and version", "LatestResolved explains");
        var resolved = await s.ConditionAsync("nothing", PlanConditions.LatestResolved);
        Assert.Equal(("False", "Error"), (resolved!.Status, resolved.Reason));
        Assert.Empty(await s.JobsAsync());
    }

    [Fact]
    public async Task Failing_upgrade_job_is_reported_with_the_jobs_reason()
    {
        await using var s = await ControllerScenario.StartAsync(o => { o.Servers = 1; o.Agents = 2; o.FailingNodes.Add("agent-1"); });
        await s.StartControllerAsync(o => o with { JobBackoffLimit = 0 });
        await s.CreatePlanAsync(Plans.For("fails", nodes: ["agent-1"]));
        await s.WaitAsync(async () => (await s.ConditionAsync("fails", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.JobFailed, "Complete says JobFailed");
        var complete = await s.ConditionAsync("fails", PlanConditions.Complete);
        var job = Assert.Single(await s.JobsAsync());
        Assert.Equal($"Job system-upgrade/{job.Metadata.Name} failed on Node agent-1: BackoffLimitExceeded: Job has reached the specified backoff limit", complete!.Message);
        await s.WaitAsync(async () => (await s.EventsAsync("fails")).Any(e => e.Reason == PlanEvents.JobFailed && e.Type == "Warning"), "a JobFailed warning");
        // The node keeps its state and the Job is not recreated.
        var node = (await s.NodesAsync()).Single(n => n.Metadata.Name == "agent-1");
        Assert.False(node.Metadata.Labels.ContainsKey(UpgradeLabels.ForPlan("fails")));
        var status = (await s.GetPlanAsync("fails")).Status!;
        Assert.Equal(["agent-1"], status.Applying);
        // The failure is kept in the stored status (the CRD's schema keeps the field), so neither Kubernetes
        // deleting the Job after its TTL nor a controller restart makes the Job run again.
        var failure = Assert.Single(status.FailedJobs!);
        Assert.Equal(("agent-1", job.Metadata.Name, complete.Message), (failure.Node, failure.Job, failure.Message));
        Assert.Equal(1, status.Nodes!.Failed);
        // One failure, counted once (the plan name is this test's own; the counters are the process's).
        Assert.Equal(1, s.Controller!.Metrics.JobsFailed.WithLabels("fails").Value);
        Assert.Equal(0, s.Controller!.Metrics.NodesUpgraded.WithLabels("fails").Value);
    }

    [Fact]
    public async Task Editing_args_replaces_an_unfinished_job()
    {
        await using var s = await Small();
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("edit", nodes: ["agent-1"], configure: p => p.Upgrade = Plans.Sleep(600)));
        await s.WaitAsync(async () => (await s.JobsAsync()).Any(j => (j.Status?.Active ?? 0) > 0), "the first Job runs");
        var first = Assert.Single(await s.JobsAsync());
        await s.ReplacePlanSpecAsync("edit", p => p.Spec.Upgrade = Plans.Sleep(0));
        await s.WaitAsync(async () => (await s.JobsAsync()).Any(j => j.Metadata.Uid != first.Metadata.Uid && j.Spec.Template.Spec.Containers[0].Args.SequenceEqual(["0"])), "a Job with the new args replaces it");
        await s.WaitAsync(async () => (await s.ConditionAsync("edit", PlanConditions.Complete))?.Status == "True", "the plan completes with the new Job");
        Assert.DoesNotContain(await s.JobsAsync(), j => j.Metadata.Uid == first.Metadata.Uid);
        await s.WaitAsync(() => Task.FromResult(s.Controller!.Metrics.NodesUpgraded.WithLabels("edit").Value >= 1), "the upgraded node is counted");
        Assert.Equal(1, s.Controller!.Metrics.NodesUpgraded.WithLabels("edit").Value);
    }

    [Fact]
    public async Task Deleting_a_plan_mid_rollout_deletes_its_jobs_and_uncordons_its_nodes()
    {
        await using var s = await Small();
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("doomed", concurrency: 2, configure: p => { p.Cordon = true; p.Upgrade = Plans.Sleep(600); }));
        await s.WaitAsync(async () => (await s.JobsAsync()).Count == 2 && (await s.NodesAsync()).Count(n => n.Spec.Unschedulable == true) == 2, "two Jobs run on cordoned nodes");
        Assert.Contains(UpgradeLabels.Finalizer, (await s.GetPlanAsync("doomed")).Metadata.Finalizers);
        await s.DeletePlanAsync("doomed");
        await s.WaitAsync(async () => (await s.JobsAsync()).Count == 0, "the Jobs are gone");
        await s.WaitAsync(async () => (await s.NodesAsync()).All(n => n.Spec.Unschedulable != true), "the nodes are uncordoned");
        await s.WaitAsync(async () => (await s.Client.CustomObjects.ListNamespacedCustomObjectAsync<PlanList>(group: Plan.KubeGroup, version: Plan.KubeApiVersion, namespaceParameter: ControllerScenario.Namespace, plural: Plan.KubePluralName)).Items.Count == 0, "the Plan is gone");
    }

    [Fact]
    public async Task Closed_window_waits()
    {
        await using var s = await Small();
        await s.StartControllerAsync();
        var otherDay = ((int)DateTime.UtcNow.AddDays(3).DayOfWeek).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await s.CreatePlanAsync(Plans.For("later", configure: p => p.Window = new TimeWindowSpec { Days = [otherDay], StartTime = "00:00", EndTime = "23:59" }));
        await s.WaitAsync(async () => (await s.ConditionAsync("later", PlanConditions.Complete))?.Reason == PlanConditions.Reasons.Waiting, "Complete says Waiting");
        await s.WaitAsync(async () => (await s.EventsAsync("later")).Any(e => e.Reason == PlanEvents.Waiting), "a Waiting event");
        Assert.Empty(await s.JobsAsync());
    }

    [Fact]
    public async Task Post_complete_delay_is_respected()
    {
        await using var s = await Small();
        await s.StartControllerAsync();
        await s.CreatePlanAsync(Plans.For("slow", nodes: ["agent-1", "agent-2"], configure: p => { p.Upgrade = Plans.Sleep(0); p.PostCompleteDelay = "3s"; }));
        await s.WaitAsync(async () => (await s.ConditionAsync("slow", PlanConditions.Complete))?.Status == "True", "the plan completes", TimeSpan.FromSeconds(40));
        var jobs = (await s.JobsAsync()).OrderBy(j => j.Status.StartTime).ToList();
        Assert.Equal(2, jobs.Count);
        var firstDone = jobs[0].Status.CompletionTime!.Value;
        var secondStart = jobs[1].Status.StartTime!.Value;
        Assert.True(secondStart - firstDone >= TimeSpan.FromSeconds(2), $"second Job started {secondStart - firstDone} after the first finished");
        Assert.Contains(await s.EventsAsync("slow"), e => e.Reason == PlanEvents.JobCompleteWaiting);
    }
}
