using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// What to do, in this order: delete Jobs, patch nodes, create Jobs (paused), write the status, and only
/// once the status with those nodes in <c>applying</c> is stored, release the paused Jobs.
/// </summary>
public sealed record PlanDecision(
    PlanStatus Status,
    bool StatusChanged,
    IReadOnlyList<JobDeletion> Delete,
    IReadOnlyList<NodePatch> NodePatches,
    IReadOnlyList<V1Job> Create,
    IReadOnlyList<string> Release,
    IReadOnlyList<PlanEvent> Events,
    TimeSpan? RequeueAfter);
