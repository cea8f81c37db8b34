using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// Uncordon only what we cordoned (upstream #71, #341): before a cordoning Job may run, its node is marked
/// with the plan that will have cordoned it, unless the node is cordoned already (by an operator, say: that
/// one stays cordoned after the upgrade). Only a node carrying this plan's mark is ever uncordoned by it.
/// </summary>
public static class CordonOwnership
{
    /// <summary>Drain implies cordon, as in the reference.</summary>
    public static bool Cordons(PlanSpec spec) => spec.Cordon == true || spec.Drain is not null;

    /// <summary>The value of the mark: <c>namespace/name</c> of the plan.</summary>
    public static string PlanKey(Plan plan) => $"{plan.Metadata.NamespaceProperty}/{plan.Metadata.Name}";

    public static bool IsCordonedBy(V1Node node, string planKey) =>
        node.Metadata.Annotations?.TryGetValue(UpgradeLabels.CordonedBy, out var by) == true && by == planKey;

    /// <summary>The annotation change that removes the mark, when the node has it (else none).</summary>
    public static Dictionary<string, string?> Unmark(V1Node node, string planKey) =>
        IsCordonedBy(node, planKey) ? new() { [UpgradeLabels.CordonedBy] = null } : [];

    /// <summary>Undoes the plan's cordon of the node: removes the mark and, if still cordoned, uncordons.</summary>
    public static NodePatch? Release(V1Node node, string planKey) =>
        IsCordonedBy(node, planKey)
            ? new NodePatch(node.Metadata.Name, new Dictionary<string, string?>(), Unmark(node, planKey), node.Spec?.Unschedulable == true ? false : null)
            : null;

    /// <summary>Marks each node whose cordoning Job is released in this pass and that is not cordoned yet.</summary>
    public static void MarkBeforeRelease(Plan plan, IEnumerable<V1Node> selected, string latestHash, DecisionDraft d)
    {
        if (!Cordons(plan.Spec))
        {
            return;
        }

        var planKey = PlanKey(plan);
        foreach (var node in selected.Where(n => d.Release.Contains(JobNames.For(plan.Metadata.Name, n.Metadata.Name, latestHash))))
        {
            if (!IsCordonedBy(node, planKey) && node.Spec?.Unschedulable != true)
            {
                d.NodePatches.Add(new NodePatch(node.Metadata.Name, new Dictionary<string, string?>(), new Dictionary<string, string?> { [UpgradeLabels.CordonedBy] = planKey }, null));
            }
        }
    }
}
