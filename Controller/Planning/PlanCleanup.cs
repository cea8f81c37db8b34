using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// A Plan being deleted: its Jobs go, the nodes it cordoned are uncordoned, its failure marks are removed, then
/// its finalizer is removed.
/// The finalizer makes this happen even when the controller was down at the time.
/// </summary>
public static class PlanCleanup
{
    public static bool HasFinalizer(Plan plan) => plan.Metadata.Finalizers?.Contains(UpgradeLabels.Finalizer) == true;

    public static bool IsDeleting(Plan plan) => plan.Metadata.DeletionTimestamp is not null;

    /// <summary>Deletes the Jobs, undoes this plan's cordons and removes its failure marks; the status stays as it is.</summary>
    public static PlanDecision Decide(Plan plan, IEnumerable<V1Node> nodes, IEnumerable<V1Job> jobs)
    {
        var d = new DecisionDraft(plan.Status);
        var planKey = CordonOwnership.PlanKey(plan);
        d.Delete.AddRange(jobs.Select(j => new JobDeletion(j.Metadata.Name, "the Plan is being deleted")));
        foreach (var node in nodes)
        {
            var unmarkFailure = FailureMark.Unmark(node, plan.Metadata.Name);
            if (CordonOwnership.Release(node, planKey) is { } release)
            {
                d.NodePatches.Add(unmarkFailure.Count == 0 ? release : release with { Annotations = new Dictionary<string, string?>([.. release.Annotations, .. unmarkFailure]) });
            }
            else if (unmarkFailure.Count > 0)
            {
                d.NodePatches.Add(new NodePatch(node.Metadata.Name, new Dictionary<string, string?>(), unmarkFailure, null));
            }
        }

        return d.ToDecision(plan.Status);
    }

    /// <summary>The finalizers list with ours added or removed, for a merge patch (lists are replaced whole).</summary>
    public static IList<string> Finalizers(Plan plan, bool withOurs)
    {
        var list = (plan.Metadata.Finalizers ?? []).Where(f => f != UpgradeLabels.Finalizer).ToList();
        if (withOurs)
        {
            list.Add(UpgradeLabels.Finalizer);
        }

        return list;
    }
}
