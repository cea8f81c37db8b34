namespace Sandbox.Simulation;

/// <summary>
/// What the node-fault simulation does to one node now, decided from the node alone: a <c>not-ready</c>
/// node is taken down; a node an upgrade left down (it carries <see cref="NodeFault.UpgradedToAnnotation"/>)
/// comes back at the new version once its <c>recover-after</c> has passed since it went down, or at once
/// when its fault is lifted; a node held down by <c>not-ready</c> comes back when that fault is lifted.
/// Nodes made unreachable by anyone else (a test writing node status) are left alone.
/// </summary>
public static class NodeFaultRules
{
    public enum Step { None, GoDown, Recover }

    public static (Step Step, DateTimeOffset? Due) Decide(NodeFault? fault, bool unreachable, string? upgradedTo, bool heldDown, DateTimeOffset downSince, DateTimeOffset now)
    {
        if (fault?.Kind == NodeFaultKind.NotReady)
        {
            return (unreachable ? Step.None : Step.GoDown, null);
        }

        if (!unreachable)
        {
            return (Step.None, null);
        }

        if (upgradedTo is not null)
        {
            if (fault?.Kind != NodeFaultKind.NotReadyAfterUpgrade)
            {
                return (Step.Recover, null);
            }

            if (fault.RecoverAfter is not { } after)
            {
                return (Step.None, null);
            }

            var at = downSince + after;
            return now >= at ? (Step.Recover, null) : (Step.None, at);
        }

        return (heldDown ? Step.Recover : Step.None, null);
    }
}
