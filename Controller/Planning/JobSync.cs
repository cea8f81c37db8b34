using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// One Job per selected node, created paused and released once the node is in <c>applying</c>; a Job whose
/// template the Plan changed is replaced, a failed one only once the Plan changed what it runs; every other
/// unfinished Job is out of turn and deleted.
/// </summary>
public static class JobSync
{
    public static string? TemplateOf(V1Job job) =>
        job.Metadata.Annotations?.TryGetValue(JobBuilder.TemplateAnnotation, out var template) == true ? template : null;

    public static void Sync(
        Plan plan,
        IReadOnlyList<V1Job> jobs,
        JobTriage triage,
        NodeChoice choice,
        IReadOnlyDictionary<string, V1Job> desiredJobs,
        IReadOnlySet<string> failedNodes,
        string latestVersion,
        string latestHash,
        DecisionDraft d)
    {
        var created = new List<string>();
        var jobsByName = new Dictionary<string, V1Job>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            jobsByName.TryAdd(job.Metadata.Name, job);
        }

        var liveByName = new Dictionary<string, TriagedJob>(StringComparer.Ordinal);
        foreach (var l in triage.Live)
        {
            liveByName.TryAdd(l.Job.Metadata.Name, l);
        }

        foreach (var node in choice.Selected)
        {
            var desired = desiredJobs[node.Metadata.Name];
            var existing = jobsByName.GetValueOrDefault(desired.Metadata.Name);
            if (existing is null)
            {
                if (!failedNodes.Contains(node.Metadata.Name))
                {
                    d.Create.Add(desired);
                    d.Release.Add(desired.Metadata.Name);
                    created.Add(node.Metadata.Name);
                }
            }
            else if (triage.Failed.ContainsKey(existing.Metadata.Name) && !failedNodes.Contains(node.Metadata.Name))
            {
                d.Delete.Add(new JobDeletion(existing.Metadata.Name, "failed, and the Plan changed the Job's template since"));
                d.Wake(TimeSpan.FromSeconds(1));
            }
            else if (liveByName.GetValueOrDefault(desired.Metadata.Name) is { } live)
            {
                if (TemplateOf(existing) != desired.Metadata.Annotations[JobBuilder.TemplateAnnotation])
                {
                    d.Delete.Add(new JobDeletion(existing.Metadata.Name, "the Plan changed the Job's template"));
                    d.Wake(TimeSpan.FromSeconds(1));
                }
                else if (live.State.Phase == JobPhase.Paused)
                {
                    d.Release.Add(existing.Metadata.Name);
                }
            }
        }

        foreach (var (job, node, _) in triage.Live)
        {
            var wanted = choice.SelectedNames.Contains(node) && job.Metadata.Name == JobNames.For(plan.Metadata.Name, node, latestHash);
            if (!wanted)
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, "out of turn: its node is not applying"));
            }
        }

        if (created.Count > 0)
        {
            d.Events.Add(PlanEvent.Normal(PlanEvents.SyncJob, $"Jobs synced for version {latestVersion} on Nodes {string.Join(",", created.Order(StringComparer.Ordinal))}. Hash: {latestHash}"));
        }
    }
}
