using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>
/// Which nodes apply now: the candidates (matching, not done, not opted out), minus those a gate holds back,
/// chosen up to the concurrency inside the time window. Nodes already applying keep their slot.
/// </summary>
/// <param name="Matching">Every node the selector matches, done or not.</param>
/// <param name="Gated">Candidates the version gate holds back, the gravest reason first.</param>
public sealed record NodeChoice(
    IReadOnlyList<V1Node> Matching,
    IReadOnlyList<V1Node> Candidates,
    IReadOnlyList<GatedNode> Gated,
    IReadOnlyList<V1Node> Selected,
    bool WindowOpen)
{
    public IReadOnlySet<string> SelectedNames { get; } = Selected.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);

    public static NodeChoice Make(Plan plan, IReadOnlyList<V1Node> nodes, IReadOnlyCollection<string> applying, string latestVersion, string latestHash, DateTimeOffset now)
    {
        var spec = plan.Spec;
        var windowOpen = spec.Window is null || (TimeWindow.TryParse(spec.Window, out var window, out _) && window.Contains(now));
        var candidates = nodes.Where(n => NodeSelection.IsCandidate(plan, n, latestHash)).ToList();
        var gated = VersionGate.Check(plan, candidates, nodes as IReadOnlyCollection<V1Node> ?? [.. nodes], latestVersion);
        var gatedNames = gated.Select(g => g.Node.Metadata.Name).ToHashSet();
        var selected = NodeSelection.Select(plan, candidates.Where(n => !gatedNames.Contains(n.Metadata.Name)), latestHash, applying, windowOpen);
        var matching = nodes.Where(n => NodeSelection.Matches(spec, n)).ToList();
        return new NodeChoice(matching, candidates, gated, selected, windowOpen);
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
