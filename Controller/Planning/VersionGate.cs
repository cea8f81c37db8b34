using Contracts.Plans;
using Contracts.Versions;
using k8s.Models;

namespace Controller.Planning;

/// <summary>Why a node gets no Job although it was chosen.</summary>
public sealed record GatedNode(V1Node Node, string Reason, string Detail);

/// <summary>
/// The step between choosing nodes and making Jobs: a node whose kubelet is newer than
/// the target (downgrade) or more than one minor below it (skip, unless the Plan allows it) is never
/// cordoned nor given a Job; an agent is not moved past the oldest control-plane node. Versions that do
/// not parse are let through, as the reference would.
/// </summary>
public static class VersionGate
{
    public static IReadOnlyList<GatedNode> Check(Plan plan, IEnumerable<V1Node> candidates, IReadOnlyCollection<V1Node> allNodes, string latestVersion)
    {
        if (!ReleaseVersion.TryParse(VersionMunging.Unmunge(latestVersion), out var target))
        {
            return [];
        }

        var allowSkip = plan.Metadata.Annotations?.TryGetValue(UpgradeLabels.AllowMinorSkip, out var allow) == true
            && string.Equals(allow, "true", StringComparison.OrdinalIgnoreCase);
        var oldestControlPlane = allNodes
            .Where(IsControlPlane)
            .Select(n => ReleaseVersion.TryParse(n.Status?.NodeInfo?.KubeletVersion, out var v) ? v : null)
            .OfType<ReleaseVersion>()
            .Order()
            .FirstOrDefault();

        var gated = new List<GatedNode>();
        // Thousands of nodes run a handful of versions: parse each once.
        var parsed = new Dictionary<string, ReleaseVersion?>(StringComparer.Ordinal);
        foreach (var node in candidates)
        {
            var kubelet = node.Status?.NodeInfo?.KubeletVersion;
            if (kubelet is null)
            {
                continue;
            }

            if (!parsed.TryGetValue(kubelet, out var current))
            {
                parsed[kubelet] = current = ReleaseVersion.TryParse(kubelet, out var v) ? v : null;
            }

            if (current is null)
            {
                continue;
            }

            var step = VersionSkew.Classify(current, target);
            if (step == VersionStep.Downgrade)
            {
                gated.Add(new GatedNode(node, PlanConditions.Reasons.Downgrade, $"{node.Metadata.Name} runs {kubelet}, newer than {latestVersion}"));
            }
            else if (step == VersionStep.MinorSkip && !allowSkip)
            {
                gated.Add(new GatedNode(node, PlanConditions.Reasons.VersionSkew, $"{node.Metadata.Name} runs {kubelet}, more than one minor version below {latestVersion}"));
            }
            else if (step != VersionStep.Same && !IsControlPlane(node) && oldestControlPlane is not null && target > oldestControlPlane)
            {
                gated.Add(new GatedNode(node, PlanConditions.Reasons.WaitingForControlPlane, $"{node.Metadata.Name} would run {latestVersion}, newer than the oldest control-plane node ({oldestControlPlane})"));
            }
        }

        // The gravest reason first: it becomes the Plan's reason, and its nodes are the ones the message names.
        return [.. gated.OrderBy(g => Severity(g.Reason))];
    }

    private static int Severity(string reason) => reason switch
    {
        PlanConditions.Reasons.Downgrade => 0,
        PlanConditions.Reasons.VersionSkew => 1,
        _ => 2,
    };

    public static bool IsControlPlane(V1Node node) => NodeHealth.IsControlPlane(node);

    /// <summary>The condition message for the gated nodes, the rule first.</summary>
    public static string Message(IReadOnlyList<GatedNode> gated)
    {
        var reason = gated[0].Reason;
        var rule = reason switch
        {
            PlanConditions.Reasons.Downgrade => "refusing to downgrade",
            PlanConditions.Reasons.VersionSkew => $"refusing to skip a minor version (annotate the plan {UpgradeLabels.AllowMinorSkip}=true to allow)",
            _ => "waiting for the control plane to be upgraded first",
        };
        return $"{rule}: {string.Join("; ", gated.Where(g => g.Reason == reason).Select(g => g.Detail))}";
    }
}
