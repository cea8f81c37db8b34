using System.Globalization;
using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

public enum JobPhase
{
    Paused,
    Running,
    Complete,
    Failed,
}

/// <summary>What a Job's status says, read once.</summary>
public sealed record JobState(JobPhase Phase, DateTimeOffset? FinishedAt, string? Reason, string? Message)
{
    public bool Finished => Phase is JobPhase.Complete or JobPhase.Failed;

    public static JobState Of(V1Job job)
    {
        foreach (var condition in job.Status?.Conditions ?? [])
        {
            if (condition.Status != "True")
            {
                continue;
            }

            if (condition.Type == "Complete")
            {
                return new(JobPhase.Complete, Time(condition.LastTransitionTime) ?? Time(job.Status?.CompletionTime), condition.Reason, condition.Message);
            }

            if (condition.Type == "Failed")
            {
                return new(JobPhase.Failed, Time(condition.LastTransitionTime), condition.Reason, condition.Message);
            }
        }

        return new(job.Spec?.Parallelism == 0 ? JobPhase.Paused : JobPhase.Running, null, null, null);
    }

    /// <summary>The Job's TTL: its spec, else the annotation the controller leaves as a fallback.</summary>
    public static TimeSpan? Ttl(V1Job job)
    {
        if (job.Spec?.TtlSecondsAfterFinished is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return job.Metadata.Annotations?.TryGetValue(UpgradeLabels.TtlSecondsAfterFinished, out var text) == true
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var fromAnnotation)
            ? TimeSpan.FromSeconds(fromAnnotation)
            : null;
    }

    private static DateTimeOffset? Time(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
