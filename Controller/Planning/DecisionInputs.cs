using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// The parts of a Node or Job that <see cref="PlanReconciler"/> and <see cref="PlanCleanup"/> read. Two versions
/// that agree on them lead to the same decision, so a watch event that changes only the rest (a Job's active
/// and ready counts, a node's heartbeats) need not wake a Plan. A node's readiness is read (the health gates).
/// Kept in step with what the decision reads by DecisionInputsTests, which mutates every field ignored here.
/// </summary>
public static class DecisionInputs
{
    public static bool SameNode(V1Node a, V1Node b) =>
        a.Metadata.Uid == b.Metadata.Uid
        && a.Metadata.Name == b.Metadata.Name
        && SameMap(a.Metadata.Labels, b.Metadata.Labels)
        && SameMap(a.Metadata.Annotations, b.Metadata.Annotations)
        && a.Spec?.Unschedulable == b.Spec?.Unschedulable
        && a.Status?.NodeInfo?.KubeletVersion == b.Status?.NodeInfo?.KubeletVersion
        && NodeHealth.Describe(a) == NodeHealth.Describe(b);

    public static bool SameJob(V1Job a, V1Job b) =>
        a.Metadata.Uid == b.Metadata.Uid
        && a.Metadata.Name == b.Metadata.Name
        && a.Metadata.NamespaceProperty == b.Metadata.NamespaceProperty
        && SameMap(a.Metadata.Labels, b.Metadata.Labels)
        && SameMap(a.Metadata.Annotations, b.Metadata.Annotations)
        && a.Spec?.Parallelism == b.Spec?.Parallelism
        && a.Spec?.TtlSecondsAfterFinished == b.Spec?.TtlSecondsAfterFinished
        && JobState.Of(a) == JobState.Of(b);

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || b is null || a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
