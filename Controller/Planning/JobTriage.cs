using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// Finished and stale Jobs: a Job without its plan, node and version labels, for a node that is gone or for
/// another version is deleted; a finished Job is deleted once its TTL has passed since it finished. What is
/// left is sorted into unfinished, failed and completed Jobs of the current target.
/// </summary>
public sealed record JobTriage(
    IReadOnlyList<TriagedJob> Live,
    IReadOnlyDictionary<string, TriagedJob> Failed,
    IReadOnlyList<TriagedJob> Completed)
{
    public static JobTriage Sort(IReadOnlyList<V1Job> jobs, IReadOnlyDictionary<string, V1Node> nodes, string latestVersion, DateTimeOffset now, DecisionDraft d)
    {
        var live = new List<TriagedJob>();
        var failed = new Dictionary<string, TriagedJob>(StringComparer.Ordinal);
        var completed = new List<TriagedJob>();
        foreach (var job in jobs)
        {
            var labels = job.Metadata.Labels ?? new Dictionary<string, string>();
            if (!labels.ContainsKey(UpgradeLabels.Plan) || !labels.TryGetValue(UpgradeLabels.Node, out var nodeName) || !labels.TryGetValue(UpgradeLabels.Version, out var version))
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, "missing plan, node or version label"));
                continue;
            }

            if (!nodes.ContainsKey(nodeName))
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, $"node {nodeName} is gone"));
                continue;
            }

            if (version != latestVersion)
            {
                d.Delete.Add(new JobDeletion(job.Metadata.Name, $"built for version {version}, not {latestVersion}"));
                continue;
            }

            var state = JobState.Of(job);
            if (!state.Finished)
            {
                live.Add(new TriagedJob(job, nodeName, state));
                continue;
            }

            if (state.Phase == JobPhase.Failed)
            {
                failed.TryAdd(job.Metadata.Name, new TriagedJob(job, nodeName, state));
            }
            else
            {
                completed.Add(new TriagedJob(job, nodeName, state));
            }

            if (JobState.Ttl(job) is { } ttl && state.FinishedAt is { } finishedAt)
            {
                if (now >= finishedAt + ttl)
                {
                    d.Delete.Add(new JobDeletion(job.Metadata.Name, "finished and past its TTL"));
                }
                else
                {
                    d.Wake(finishedAt + ttl - now);
                }
            }
        }

        return new JobTriage(live, failed, completed);
    }
}
