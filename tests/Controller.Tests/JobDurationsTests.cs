using Contracts.Plans;
using Controller.Reconciliation;
using k8s.Models;

namespace Controller.Tests;

public class JobDurationsTests
{
    private static V1Job Job(string uid, DateTimeOffset? startedAt, string? condition = null, DateTimeOffset? endedAt = null)
    {
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "apply-" + uid, Uid = uid, Labels = new Dictionary<string, string> { [UpgradeLabels.Plan] = "server-plan" }, CreationTimestamp = Fixtures.Now.AddMinutes(-10).UtcDateTime },
            Spec = new V1JobSpec { Parallelism = 1 },
            Status = new V1JobStatus { StartTime = startedAt?.UtcDateTime },
        };
        if (condition is not null)
        {
            job.Status.Conditions = [new V1JobCondition { Type = condition, Status = "True", LastTransitionTime = endedAt!.Value.UtcDateTime }];
        }

        return job;
    }

    [Fact]
    public void A_job_seen_running_is_timed_once_from_start_to_its_condition()
    {
        var durations = new JobDurations();
        var start = Fixtures.Now;
        Assert.Null(durations.Observe(Job("a", start), present: true));
        Assert.Equal(1, durations.Tracked);

        var timed = durations.Observe(Job("a", start, "Complete", start.AddSeconds(42)), present: true);

        Assert.Equal(new JobDuration("server-plan", "complete", TimeSpan.FromSeconds(42)), timed);
        Assert.Null(durations.Observe(Job("a", start, "Complete", start.AddSeconds(42)), present: true));
        Assert.Equal(0, durations.Tracked);
    }

    [Fact]
    public void Failed_jobs_are_timed_as_failed_and_fall_back_to_the_creation_time()
    {
        var durations = new JobDurations();
        durations.Observe(Job("b", startedAt: null), present: true);

        var timed = durations.Observe(Job("b", startedAt: null, "Failed", Fixtures.Now), present: true);

        Assert.Equal(new JobDuration("server-plan", "failed", TimeSpan.FromMinutes(10)), timed);
    }

    [Fact]
    public void A_job_first_seen_finished_or_deleted_while_running_is_not_timed()
    {
        var durations = new JobDurations();
        Assert.Null(durations.Observe(Job("c", Fixtures.Now, "Complete", Fixtures.Now.AddSeconds(5)), present: true));

        durations.Observe(Job("d", Fixtures.Now), present: true);
        Assert.Null(durations.Observe(Job("d", Fixtures.Now), present: false));
        Assert.Equal(0, durations.Tracked);
    }
}
