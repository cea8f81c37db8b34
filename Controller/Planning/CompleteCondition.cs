using Contracts.Plans;

namespace Controller.Planning;

/// <summary>
/// The <c>Complete</c> condition of a Plan whose target is known, from what the node choice found. With
/// nothing selected: waiting for the window, gated, or complete. While rolling out: the failures, else a
/// gate that needs an operator, else <c>Resolved</c> (naming nodes that wait for the control plane).
/// </summary>
public static class CompleteCondition
{
    public static readonly TimeSpan WindowRecheck = TimeSpan.FromMinutes(1);

    public static void Set(NodeChoice choice, IReadOnlyList<PlanJobFailure> failures, string latestVersion, string latestHash, DateTimeOffset now, DecisionDraft d)
    {
        var status = d.Status;
        var gated = choice.Gated;
        if (choice.Selected.Count == 0)
        {
            if (!choice.WindowOpen && choice.Candidates.Count > gated.Count)
            {
                if (Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Waiting, "waiting for the time window", now))
                {
                    d.Events.Add(PlanEvent.Normal(PlanEvents.Waiting, $"Waiting for the time window to start Jobs for version {latestVersion}"));
                }

                d.Wake(WindowRecheck);
            }
            else if (gated.Count > 0)
            {
                Gate(gated, now, d);
            }
            else if (Conditions.Set(status, PlanConditions.Complete, true, PlanConditions.Reasons.Complete, "", now))
            {
                d.Events.Add(PlanEvent.Normal(PlanEvents.Complete, $"Jobs complete for version {latestVersion}. Hash: {latestHash}"));
            }
        }
        else if (failures.Count > 0)
        {
            // Every failed node is named; each failure had its own JobFailed event when it was first seen.
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.JobFailed, string.Join("; ", failures.Select(f => f.Message)), now);
        }
        else if (gated.Count > 0 && gated[0].Reason != PlanConditions.Reasons.WaitingForControlPlane)
        {
            // Rolling out other nodes, but these will not follow until an operator acts: the gate's reason shows
            // (the worst first), as when nothing else is left.
            Gate(gated, now, d);
        }
        else
        {
            // Rolling out; nodes waiting for the control plane will follow by themselves, and are named.
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Resolved, gated.Count > 0 ? VersionGate.Message(gated) : "", now);
        }
    }

    private static void Gate(IReadOnlyList<GatedNode> gated, DateTimeOffset now, DecisionDraft d)
    {
        var message = VersionGate.Message(gated);
        if (Conditions.Set(d.Status, PlanConditions.Complete, false, gated[0].Reason, message, now))
        {
            d.Events.Add(PlanEvent.Warning(PlanEvents.Gated, message));
        }
    }
}
