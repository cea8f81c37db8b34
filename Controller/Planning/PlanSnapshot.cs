using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>Everything one decision about a Plan looks at, gathered by the shell from its caches.</summary>
/// <param name="Jobs">The Jobs labeled with this controller's name and this Plan's name.</param>
/// <param name="ChannelAnswer">The last poll of the Plan's channel, or null (no channel, or not polled yet).</param>
public sealed record PlanSnapshot(
    Plan Plan,
    IReadOnlyList<V1Node> Nodes,
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyDictionary<string, V1Secret> Secrets,
    DateTimeOffset Now,
    ChannelAnswer? ChannelAnswer);

public sealed record PlanEvent(string Type, string Reason, string Message)
{
    public static PlanEvent Normal(string reason, string message) => new("Normal", reason, message);

    public static PlanEvent Warning(string reason, string message) => new("Warning", reason, message);
}

/// <summary>A merge patch for one node: labels and annotations (null value removes), and <c>spec.unschedulable</c>.</summary>
public sealed record NodePatch(string NodeName, IReadOnlyDictionary<string, string?> Labels, IReadOnlyDictionary<string, string?> Annotations, bool? Unschedulable);

public sealed record JobDeletion(string Name, string Why);

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
