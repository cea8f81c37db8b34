using System.Collections.Concurrent;
using Contracts.Plans;
using Controller.Planning;

namespace Controller.Reconciliation;

/// <summary>
/// The status last written to each Plan and the resourceVersion that write returned. A CRD that prunes fields
/// of ours (the reference's drops <c>status.failedJobs</c> and <c>status.nodes</c>) stores less than was sent,
/// so the stored status never equals the decided one: without this, every pass would write it again, and each
/// write that bumps the resourceVersion would wake the Plan for yet another pass.
/// </summary>
public sealed class WrittenStatuses
{
    private readonly ConcurrentDictionary<string, (string? ResourceVersion, PlanStatus Sent)> _written = new(StringComparer.Ordinal);

    /// <summary>The Plan is still as our last write left it, and that write sent this very status.</summary>
    public bool AlreadyStored(Plan plan, PlanStatus status) =>
        _written.TryGetValue(plan.Metadata.Name, out var w)
        && w.ResourceVersion is not null
        && w.ResourceVersion == plan.Metadata.ResourceVersion
        && PlanStatusEquality.Same(w.Sent, status);

    public void Stored(Plan stored, PlanStatus sent) => _written[stored.Metadata.Name] = (stored.Metadata.ResourceVersion, sent);

    public void Forget(string plan) => _written.TryRemove(plan, out _);
}
