using Contracts.Plans;
using Controller.Planning;
using k8s.Models;
using static Controller.Tests.Fixtures;

namespace Controller.Tests;

public class FailedJobMemoryTests
{
    private static readonly V1Node NodeA = Node("a");

    [Fact]
    public void A_failure_is_reported_once_and_remembered_after_its_job_is_gone()
    {
        var desired = JobBuilder.Build(Plan(), NodeA, "v1.31.2-k3s1", "h", Settings);
        var failed = WithCondition(JobBuilder.Build(Plan(), NodeA, "v1.31.2-k3s1", "h", Settings), "Failed", Now, "BackoffLimitExceeded", "boom");
        var jobs = new Dictionary<string, V1Job> { ["a"] = desired };
        var d = new DecisionDraft(null);
        var failures = FailedJobMemory.Recall("server-plan", [NodeA], jobs, new Dictionary<string, TriagedJob> { [failed.Metadata.Name] = new(failed, "a", JobState.Of(failed)) }, null, d);
        var failure = Assert.Single(failures);
        Assert.Equal($"Job system-upgrade/{failed.Metadata.Name} failed on Node a: BackoffLimitExceeded: boom", failure.Message);
        Assert.Equal(PlanEvents.JobFailed, Assert.Single(d.Events).Reason);

        var again = new DecisionDraft(null);
        Assert.Single(FailedJobMemory.Recall("server-plan", [NodeA], jobs, new Dictionary<string, TriagedJob>(), [failure], again));
        Assert.Empty(again.Events);
    }

    [Fact]
    public void A_remembered_failure_of_another_template_is_forgotten()
    {
        var desired = JobBuilder.Build(Plan(), NodeA, "v1.31.2-k3s1", "h", Settings);
        var old = new PlanJobFailure { Node = "a", Job = desired.Metadata.Name, Template = "other", Message = "m" };
        var d = new DecisionDraft(null);
        Assert.Empty(FailedJobMemory.Recall("server-plan", [NodeA], new Dictionary<string, V1Job> { ["a"] = desired }, new Dictionary<string, TriagedJob>(), [old], d));
    }
}
