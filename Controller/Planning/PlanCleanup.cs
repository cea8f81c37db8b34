using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// A Plan being deleted: its Jobs go, the nodes it cordoned are uncordoned, then its
/// finalizer is removed. The finalizer makes this happen even when the controller was down at the time.
/// </summary>
public static class PlanCleanup
{
    public static bool HasFinalizer(Plan plan) => plan.Metadata.Finalizers?.Contains(UpgradeLabels.Finalizer) == true;

    public static bool IsDeleting(Plan plan) => plan.Metadata.DeletionTimestamp is not null;

    /// <summary>The Jobs to delete and the node patches that undo this plan's cordons.</summary>
    public static (IReadOnlyList<JobDeletion> Delete, IReadOnlyList<NodePatch> Uncordon) Decide(Plan plan, IEnumerable<V1Node> nodes, IEnumerable<V1Job> jobs)
    {
        var planKey = $"{plan.Metadata.NamespaceProperty}/{plan.Metadata.Name}";
        var delete = jobs.Select(j => new JobDeletion(j.Metadata.Name, "the Plan is being deleted")).ToList();
        var uncordon = nodes
            .Where(n => n.Metadata.Annotations?.TryGetValue(UpgradeLabels.CordonedBy, out var by) == true && by == planKey)
            .Select(n => new NodePatch(
                n.Metadata.Name,
                new Dictionary<string, string?>(),
                new Dictionary<string, string?> { [UpgradeLabels.CordonedBy] = null },
                n.Spec?.Unschedulable == true ? false : null))
            .ToList();
        return (delete, uncordon);
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
