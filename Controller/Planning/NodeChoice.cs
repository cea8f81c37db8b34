using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// Which nodes apply now: the candidates (matching, not done, not opted out), minus those a gate holds back,
/// chosen up to the concurrency inside the time window and while no <see cref="StartHold"/> applies. Nodes
/// already applying keep their slot; a node is never started while it, or (for a control-plane node) another
/// control-plane node, is NotReady.
/// </summary>
/// <param name="Matching">Every node the selector matches, done or not.</param>
/// <param name="Gated">Candidates the version gate holds back, the gravest reason first.</param>
/// <param name="Holds">What keeps every new node from starting.</param>
/// <param name="Waits">Nodes whose Job completed, not yet Ready at the target.</param>
/// <param name="Blocked">Candidates the quorum gate keeps from starting, control-plane ones first.</param>
public sealed record NodeChoice(
    IReadOnlyList<V1Node> Matching,
    IReadOnlyList<V1Node> Candidates,
    IReadOnlyList<GatedNode> Gated,
    IReadOnlyList<V1Node> Selected,
    bool WindowOpen)
{
    public IReadOnlySet<string> SelectedNames { get; } = Selected.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<StartHold> Holds { get; init; } = [];

    public IReadOnlyList<NodeWait> Waits { get; init; } = [];

    public IReadOnlyList<BlockedNode> Blocked { get; init; } = [];

    public static NodeChoice Make(
        Plan plan,
        IReadOnlyList<V1Node> nodes,
        IReadOnlyCollection<string> applying,
        string latestVersion,
        string latestHash,
        DateTimeOffset now,
        IReadOnlyList<StartHold>? holds = null,
        IReadOnlyList<NodeWait>? waits = null)
    {
        var spec = plan.Spec;
        holds ??= [];
        var windowOpen = spec.Window is null || (TimeWindow.TryParse(spec.Window, out var window, out _) && window.Contains(now));
        var candidates = nodes.Where(n => NodeSelection.IsCandidate(plan, n, latestHash)).ToList();
        var gated = VersionGate.Check(plan, candidates, nodes as IReadOnlyCollection<V1Node> ?? [.. nodes], latestVersion);
        var gatedNames = gated.Select(g => g.Node.Metadata.Name).ToHashSet();
        var notReadyControlPlane = nodes.Where(n => NodeHealth.IsControlPlane(n) && !NodeHealth.IsReady(n)).ToList();
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        bool MayStart(V1Node n)
        {
            if (StartGates.NodeBlock(n, notReadyControlPlane) is { } why)
            {
                blocks[n.Metadata.Name] = why;
                return false;
            }

            return true;
        }

        var ungated = candidates.Where(n => !gatedNames.Contains(n.Metadata.Name)).ToList();
        var selected = NodeSelection.Select(plan, ungated, latestHash, applying, windowOpen && holds.Count == 0, MayStart);
        var blocked = ungated.Where(n => blocks.ContainsKey(n.Metadata.Name))
            .Select(n => new BlockedNode(n, NodeHealth.IsReady(n) ? PlanConditions.Reasons.ControlPlaneNotReady : PlanConditions.Reasons.WaitingForNode, blocks[n.Metadata.Name]))
            .OrderBy(b => b.Reason == PlanConditions.Reasons.ControlPlaneNotReady ? 0 : 1)
            .ThenBy(b => b.Node.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var matching = nodes.Where(n => NodeSelection.Matches(spec, n)).ToList();
        return new NodeChoice(matching, candidates, gated, selected, windowOpen) { Holds = holds, Waits = waits ?? [], Blocked = blocked };
    }

    /// <summary>The counts shown in the status.</summary>
    public PlanNodeCounts Counts(string planLabel, string latestHash, int failed) => new()
    {
        Matching = Matching.Count,
        Done = Matching.Count(n => n.Metadata.Labels!.TryGetValue(planLabel, out var v) && v == latestHash),
        Applying = Selected.Count,
        Waiting = Candidates.Count - Selected.Count - Gated.Count,
        Failed = failed,
        Gated = Gated.Count,
    };
}
