using Contracts.Plans;
using k8s;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// The decision being put together by the steps of <see cref="PlanReconciler"/>: a copy of the status they
/// edit, and the actions and events they add, in the order the steps run.
/// </summary>
public sealed class DecisionDraft(PlanStatus? current)
{
    public PlanStatus Status { get; } = Clone(current) ?? new PlanStatus();
    public List<JobDeletion> Delete { get; } = [];
    public List<NodePatch> NodePatches { get; } = [];
    public List<V1Job> Create { get; } = [];
    public List<string> Release { get; } = [];
    public List<PlanEvent> Events { get; } = [];
    public TimeSpan? RequeueAfter { get; private set; }

    /// <summary>Asks to be looked at again after <paramref name="after"/>; the earliest request wins.</summary>
    public void Wake(TimeSpan after)
    {
        if (after < TimeSpan.Zero)
        {
            after = TimeSpan.Zero;
        }

        if (RequeueAfter is null || after < RequeueAfter)
        {
            RequeueAfter = after;
        }
    }

    public PlanDecision ToDecision(PlanStatus? before) =>
        new(Status, !PlanStatusEquality.Same(before ?? new PlanStatus(), Status), Delete, NodePatches, Create, Release, Events, RequeueAfter);

    private static PlanStatus? Clone(PlanStatus? status) =>
        status is null ? null : KubernetesJson.Deserialize<PlanStatus>(KubernetesJson.Serialize(status));
}
