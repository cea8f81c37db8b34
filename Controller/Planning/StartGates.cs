using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// What keeps new nodes from starting while running Jobs go on: a halt (a node not back within its deadline),
/// the pause annotation, firing alerts (or, if asked, Prometheus unreadable), and the quorum gate: no node of a
/// Plan starts while more of its nodes are NotReady than its concurrency, no control-plane node starts while
/// another control-plane node is NotReady, and no NotReady node is started at all.
/// </summary>
public static class StartGates
{
    public static IReadOnlyList<StartHold> Holds(Plan plan, IReadOnlyList<NodeWait> waits, IReadOnlyList<V1Node> matching, AlertState? alerts, ControllerSettings settings)
    {
        var holds = new List<StartHold>();
        var timedOut = waits.Where(w => w.TimedOut).ToList();
        if (timedOut.Count > 0)
        {
            var timeout = Contracts.Versions.GoDuration.Format(ReadinessGate.Timeout(plan, settings));
            holds.Add(new StartHold(PlanConditions.Reasons.NodeNotReady,
                $"rollout halted: {string.Join("; ", timedOut.Select(w => $"{w.Node.Metadata.Name} is not Ready at the target {timeout} after its upgrade ({w.Reports})"))}; it resumes once the node recovers",
                Warning: true));
        }

        if (IsPaused(plan))
        {
            holds.Add(new StartHold(PlanConditions.Reasons.Paused,
                $"paused by annotation {UpgradeLabels.Paused}=true: running Jobs finish, no new node starts; remove the annotation to resume", Warning: false));
        }

        if (alerts is { Readable: true, Firing.Count: > 0 })
        {
            holds.Add(new StartHold(PlanConditions.Reasons.AlertFiring, $"alerts firing: {string.Join(", ", alerts.Firing)}; no new node starts until they resolve", Warning: true));
        }
        else if (alerts is { Readable: false } && settings.BlockOnAlertsUnavailable)
        {
            holds.Add(new StartHold(PlanConditions.Reasons.AlertsUnavailable, $"Prometheus cannot be read ({alerts.Error}); no new node starts until it can (--block-on-prometheus-unreachable)", Warning: true));
        }

        var concurrency = plan.Spec.Concurrency ?? 0;
        var notReady = matching.Where(n => !NodeHealth.IsReady(n)).Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        if (concurrency >= 1 && notReady.Count > concurrency)
        {
            holds.Add(new StartHold(PlanConditions.Reasons.TooManyNotReady,
                $"{notReady.Count} of this plan's nodes are NotReady, more than its concurrency {concurrency}: {string.Join(", ", notReady)}", Warning: true));
        }

        return holds;
    }

    public static bool IsPaused(Plan plan) =>
        plan.Metadata.Annotations?.TryGetValue(UpgradeLabels.Paused, out var paused) == true && string.Equals(paused, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why this node may not start now (null: it may): itself NotReady, or another control-plane node is.</summary>
    public static string? NodeBlock(V1Node node, IReadOnlyList<V1Node> notReadyControlPlane)
    {
        if (!NodeHealth.IsReady(node))
        {
            return $"{node.Metadata.Name} is not Ready ({NodeHealth.Describe(node)})";
        }

        if (NodeHealth.IsControlPlane(node))
        {
            var others = notReadyControlPlane.Where(o => o.Metadata.Name != node.Metadata.Name).ToList();
            if (others.Count > 0)
            {
                return $"not starting control-plane node {node.Metadata.Name} while {string.Join(", ", others.Select(o => $"{o.Metadata.Name} is NotReady ({NodeHealth.Describe(o)})"))}";
            }
        }

        return null;
    }
}
