using System.Security.Cryptography;
using System.Text;
using Contracts.Plans;
using k8s.Models;

namespace Controller.Planning;

/// <summary>Which nodes a Plan upgrades now.</summary>
public static class NodeSelection
{
    /// <summary>The Plan's selector ANDed with <c>kubernetes.io/hostname</c> Exists; a missing selector matches nothing.</summary>
    public static bool Matches(PlanSpec spec, V1Node node) =>
        node.Metadata.Labels?.ContainsKey(NodeLabels.Hostname) == true && LabelSelectors.Matches(spec.NodeSelector, node.Metadata.Labels);

    /// <summary>A matching node not opted out and not already labeled with the hash.</summary>
    public static bool IsCandidate(Plan plan, V1Node node, string latestHash)
    {
        if (!Matches(plan.Spec, node))
        {
            return false;
        }

        var value = node.Metadata.Labels!.TryGetValue(UpgradeLabels.ForPlan(plan.Metadata.Name), out var v) ? v : null;
        return value != UpgradeLabels.Disabled && value != latestHash;
    }

    /// <summary>
    /// Nodes in <paramref name="applying"/> stay while they are candidates; free slots up to the concurrency
    /// go to the other candidates by ascending SHA-256 of node UID + plan UID + hash (stable, spread out).
    /// </summary>
    /// <param name="mayStart">A start gate per node (health, quorum); nodes already applying are not asked.</param>
    public static IReadOnlyList<V1Node> Select(Plan plan, IEnumerable<V1Node> nodes, string latestHash, IReadOnlyCollection<string> applying, bool mayStartNew, Func<V1Node, bool>? mayStart = null)
    {
        var concurrency = plan.Spec.Concurrency ?? 0;
        if (concurrency <= 0)
        {
            return [];
        }

        var candidates = nodes.Where(n => IsCandidate(plan, n, latestHash)).ToList();
        var kept = candidates.Where(n => applying.Contains(n.Metadata.Name))
            .OrderBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .Take((int)Math.Min(concurrency, int.MaxValue))
            .ToList();
        if (!mayStartNew)
        {
            return kept;
        }

        var fresh = candidates.Where(n => !applying.Contains(n.Metadata.Name) && (mayStart is null || mayStart(n)))
            .OrderBy(n => OrderKey(n, plan, latestHash), StringComparer.Ordinal)
            .Take((int)Math.Min(concurrency - kept.Count, int.MaxValue));
        return [.. kept, .. fresh];
    }

    public static string OrderKey(V1Node node, Plan plan, string latestHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.Metadata.Uid + plan.Metadata.Uid + latestHash)));
}
