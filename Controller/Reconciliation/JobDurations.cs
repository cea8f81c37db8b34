using System.Collections.Concurrent;
using Contracts.Plans;
using Controller.Planning;
using k8s.Models;

namespace Controller.Reconciliation;

/// <summary>One finished upgrade Job, timed from its start to its end.</summary>
public sealed record JobDuration(string Plan, string Outcome, TimeSpan Duration);

/// <summary>
/// Times each upgrade Job once, when the Jobs cache sees it go from unfinished to finished. A Job first
/// seen already finished (a restart, a re-list) is not timed: this instance did not watch it run, and
/// another instance may have timed it.
/// </summary>
public sealed class JobDurations
{
    private readonly ConcurrentDictionary<string, byte> _unfinished = new(StringComparer.Ordinal);

    /// <param name="job">The Job as the cache now has it.</param>
    /// <param name="present">False when the change was its deletion.</param>
    public JobDuration? Observe(V1Job job, bool present)
    {
        var uid = job.Metadata.Uid;
        if (string.IsNullOrEmpty(uid))
        {
            return null;
        }

        var state = JobState.Of(job);
        if (!state.Finished)
        {
            if (present)
            {
                _unfinished.TryAdd(uid, 0);
            }
            else
            {
                _unfinished.TryRemove(uid, out _);
            }

            return null;
        }

        if (!_unfinished.TryRemove(uid, out _) || state.FinishedAt is not { } end)
        {
            return null;
        }

        var start = job.Status?.StartTime ?? job.Metadata.CreationTimestamp;
        if (start is not { } s)
        {
            return null;
        }

        var duration = end - new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc));
        var plan = job.Metadata.Labels?.TryGetValue(UpgradeLabels.Plan, out var p) == true ? p : "";
        var outcome = state.Phase == JobPhase.Complete ? "complete" : "failed";
        return new JobDuration(plan, outcome, duration < TimeSpan.Zero ? TimeSpan.Zero : duration);
    }

    /// <summary>Jobs seen running and not yet finished or deleted.</summary>
    public int Tracked => _unfinished.Count;
}
