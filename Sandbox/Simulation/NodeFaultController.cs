using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// Plays the node faults (<see cref="NodeFault"/>) each simulation pass: takes <c>not-ready</c> nodes down,
/// brings nodes back when their recovery time passes on the <see cref="TimeProvider"/> or their fault is
/// lifted, and records the node events a real cluster shows. The upgrade image itself decides what the
/// restarted kubelet reports (<see cref="UpgradeProgram"/>); this class only owns what happens afterwards.
/// </summary>
public sealed class NodeFaultController(ResourceOperations ops, EventRecorder events)
{
    // Nodes this controller took down for not-ready (by uid): only those come back when the fault is lifted.
    private readonly HashSet<string> _heldDown = new(StringComparer.Ordinal);

    // When each node was first seen down, to the tick (the condition's lastTransitionTime has whole seconds).
    private readonly Dictionary<string, (string Stamp, DateTimeOffset At)> _downSince = new(StringComparer.Ordinal);

    public DateTimeOffset? Run(DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        foreach (var node in ops.Store.List(BuiltInResources.Nodes))
        {
            var fault = NodeFault.Of(node.Annotations);
            var unreachable = NodeReadiness.IsUnreachable(node.Object);
            if (fault is null && !unreachable)
            {
                _heldDown.Remove(node.Uid);
                _downSince.Remove(node.Uid);
                continue;
            }

            if (fault?.Kind == NodeFaultKind.NotReady)
            {
                _heldDown.Add(node.Uid);
            }

            var upgradedTo = node.Annotations.GetValueOrDefault(NodeFault.UpgradedToAnnotation);
            var downSince = unreachable ? DownSince(node, now) : now;
            var (step, at) = NodeFaultRules.Decide(fault, unreachable, upgradedTo, _heldDown.Contains(node.Uid), downSince, now);
            due = ClusterSimulation.Earliest(due, at);
            switch (step)
            {
                case NodeFaultRules.Step.GoDown:
                    // its event comes with the next pass, which sees the node down for the first time
                    ops.Store.Mutate(BuiltInResources.Nodes, null, node.Name, n => NodeReadiness.MarkUnreachable(n, now));
                    break;
                case NodeFaultRules.Step.Recover:
                    var up = ops.Store.Mutate(BuiltInResources.Nodes, null, node.Name, n =>
                    {
                        NodeReadiness.MarkReady(n, upgradedTo, now);
                        (n["metadata"]?["annotations"] as System.Text.Json.Nodes.JsonObject)?.Remove(NodeFault.UpgradedToAnnotation);
                        return true;
                    });
                    _heldDown.Remove(node.Uid);
                    _downSince.Remove(node.Uid);
                    if (up is not null)
                    {
                        events.Record(up, "Normal", "NodeReady", $"Node {node.Name} status is now: NodeReady", "kubelet", node.Name);
                    }

                    break;
            }
        }

        return due;
    }

    private DateTimeOffset DownSince(StoredObject node, DateTimeOffset now)
    {
        var stamp = NodeReadiness.ReadyCondition(node.Object)?.GetString("lastTransitionTime") ?? "";
        if (_downSince.TryGetValue(node.Uid, out var seen) && seen.Stamp == stamp)
        {
            return seen.At;
        }

        // First sight of this transition: the same second as the stamp means it happened in this pass or the
        // one before (the upgrade image writes it right before this runs), so now is closer than the stamp.
        var parsed = Json.ParseTimestamp(stamp) ?? now;
        var at = now - parsed < TimeSpan.FromSeconds(1) ? now : parsed;
        _downSince[node.Uid] = (stamp, at);
        events.Record(node, "Normal", "NodeNotReady", $"Node {node.Name} status is now: NodeNotReady", "node-controller");
        return at;
    }
}
