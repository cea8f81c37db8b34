using Contracts.Plans;

namespace Controller.Planning;

/// <summary>
/// The <c>Complete</c> condition of a Plan whose target is known, from what the node choice found; it never
/// says Complete while something is left that will not run. In order: nothing left (complete, or gated);
/// a concurrency under 1 (nothing will ever run); a halt; failures; a hold (pause, alerts, quorum); the quorum
/// gate keeping nodes back; a node being waited for; the time window; a gate that needs an operator;
/// otherwise <c>Resolved</c> (naming nodes that wait for the control plane).
/// </summary>
public static class CompleteCondition
{
    public static readonly TimeSpan WindowRecheck = TimeSpan.FromMinutes(1);

    public static void Set(Contracts.Plans.Plan plan, NodeChoice choice, IReadOnlyList<PlanJobFailure> failures, string latestVersion, string latestHash, DateTimeOffset now, DecisionDraft d)
    {
        var status = d.Status;
        var gated = choice.Gated;
        var left = choice.Candidates.Count > gated.Count;
        var halt = choice.Holds.FirstOrDefault(h => h.Reason == PlanConditions.Reasons.NodeNotReady);
        var hold = choice.Holds.FirstOrDefault(h => h.Reason != PlanConditions.Reasons.NodeNotReady);
        var concurrency = plan.Spec.Concurrency;
        if (choice.Selected.Count == 0 && !left)
        {
            if (gated.Count > 0)
            {
                Gate(gated, now, d);
            }
            else if (Conditions.Set(status, PlanConditions.Complete, true, PlanConditions.Reasons.Complete, "", now))
            {
                d.Events.Add(PlanEvent.Normal(PlanEvents.Complete, $"Jobs complete for version {latestVersion}. Hash: {latestHash}"));
            }
        }
        else if (concurrency is null or < 1)
        {
            var message = $"spec.concurrency is {(concurrency is null ? "missing" : concurrency.ToString())}: no node will be upgraded; set it to 1 or more";
            if (Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.NothingWillRun, message, now))
            {
                d.Events.Add(PlanEvent.Warning(PlanEvents.Held, message));
            }
        }
        else if (halt is not null)
        {
            Hold(halt, now, d, PlanEvents.NodeNotReady);
        }
        else if (failures.Count > 0)
        {
            // Every failed node is named; each failure had its own JobFailed event when it was first seen.
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.JobFailed, string.Join("; ", failures.Select(f => f.Message)), now);
        }
        else if (hold is not null && left)
        {
            Hold(hold, now, d, PlanEvents.Held);
        }
        else if (choice.Blocked.Count > 0 && choice.WindowOpen && choice.Selected.Count < concurrency)
        {
            var reason = choice.Blocked[0].Reason;
            Hold(new StartHold(reason, string.Join("; ", choice.Blocked.Where(b => b.Reason == reason).Select(b => b.Why)), Warning: true), now, d, PlanEvents.Held);
        }
        else if (choice.Waits.Count > 0)
        {
            var message = string.Join("; ", choice.Waits.Select(w => $"waiting for {w.Node.Metadata.Name} to be Ready at {VersionMunging(latestVersion)} after its upgrade ({w.Reports}); deadline {Rfc3339.Format(w.Deadline)}"));
            Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.WaitingForNode, message, now);
        }
        else if (choice.Selected.Count == 0 && !choice.WindowOpen)
        {
            if (Conditions.Set(status, PlanConditions.Complete, false, PlanConditions.Reasons.Waiting, "waiting for the time window", now))
            {
                d.Events.Add(PlanEvent.Normal(PlanEvents.Waiting, $"Waiting for the time window to start Jobs for version {latestVersion}"));
            }

            d.Wake(WindowRecheck);
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

    private static string VersionMunging(string latestVersion) => Contracts.Versions.VersionMunging.Unmunge(latestVersion);

    private static void Hold(StartHold hold, DateTimeOffset now, DecisionDraft d, string eventReason)
    {
        if (Conditions.Set(d.Status, PlanConditions.Complete, false, hold.Reason, hold.Message, now))
        {
            d.Events.Add(hold.Warning ? PlanEvent.Warning(eventReason, hold.Message) : PlanEvent.Normal(eventReason, hold.Message));
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
