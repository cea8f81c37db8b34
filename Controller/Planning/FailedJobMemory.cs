using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// A failed Job is not created again until the Plan changes what it runs (its template or the target hash).
/// The status keeps the failures, because Kubernetes deletes the failed Job itself once its TTL has passed, and so
/// does the node (<see cref="FailureMark"/>), because a CRD without <c>status.failedJobs</c> prunes them from the
/// status. Each failure gets one <c>JobFailed</c> event, when it is first seen.
/// </summary>
public static class FailedJobMemory
{
    /// <summary>The failures of the selected nodes' Jobs that still hold, in node order.</summary>
    public static IReadOnlyList<PlanJobFailure> Recall(
        string planName,
        IReadOnlyList<V1Node> selected,
        IReadOnlyDictionary<string, V1Job> desiredJobs,
        IReadOnlyDictionary<string, TriagedJob> failedJobs,
        IList<PlanJobFailure>? remembered,
        DecisionDraft d)
    {
        var known = new Dictionary<string, PlanJobFailure>(StringComparer.Ordinal);
        foreach (var f in remembered ?? [])
        {
            known.TryAdd(f.Job, f);
        }

        var failures = new List<PlanJobFailure>();
        foreach (var node in selected.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var desired = desiredJobs[node.Metadata.Name];
            var template = desired.Metadata.Annotations[JobBuilder.TemplateAnnotation];
            var mark = FailureMark.Read(node, planName) is { } m && m.Job == desired.Metadata.Name && m.Template == template ? m : null;
            if (failedJobs.TryGetValue(desired.Metadata.Name, out var f))
            {
                // Otherwise the Plan changed what the Job runs since it failed: JobSync replaces it.
                if (JobSync.TemplateOf(f.Job) == template)
                {
                    var message = $"Job {f.Job.Metadata.NamespaceProperty}/{f.Job.Metadata.Name} failed on Node {f.Node}: {f.State.Reason}: {f.State.Message}";
                    failures.Add(new PlanJobFailure { Node = f.Node, Job = f.Job.Metadata.Name, Template = template, Message = message });
                    if (mark is null && (!known.TryGetValue(f.Job.Metadata.Name, out var before) || before.Template != template))
                    {
                        d.Events.Add(PlanEvent.Warning(PlanEvents.JobFailed, message));
                    }
                }
            }
            else if (known.TryGetValue(desired.Metadata.Name, out var gone) && gone.Template == template)
            {
                failures.Add(gone);
            }
            else if (mark is not null)
            {
                // Only the node remembers: the status lost it (pruned by a CRD without status.failedJobs).
                failures.Add(mark.Message.Length > 0 ? mark : new PlanJobFailure { Node = mark.Node, Job = mark.Job, Template = mark.Template, Message = $"Job {desired.Metadata.NamespaceProperty}/{mark.Job} failed on Node {mark.Node}" });
            }
        }

        return failures;
    }
}
