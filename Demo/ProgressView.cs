using System.Globalization;
using System.Text;
using Contracts.Plans;
using Contracts.Versions;
using k8s.Models;

namespace Demo;

/// <summary>
/// Turns successive snapshots into the lines a person wants to read (what changed, once) and into the
/// final tables. Pure: no I/O, so the demo's output is tested without a cluster.
/// </summary>
public sealed class ProgressView(string targetVersion)
{
    private readonly Dictionary<string, string> _nodeStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _planStates = new(StringComparer.Ordinal);
    private readonly ReleaseVersion _target = ReleaseVersion.Parse(targetVersion);

    public IEnumerable<string> Changes(ClusterSnapshot snapshot)
    {
        foreach (var plan in snapshot.Plans)
        {
            var complete = plan.Status?.Conditions?.FirstOrDefault(c => c.Type == PlanConditions.Complete);
            var state = complete is null ? "" : $"{complete.Status} {complete.Reason} {complete.Message}";
            if (Changed(_planStates, plan.Metadata.Name, state) && complete is not null)
            {
                var why = string.IsNullOrEmpty(complete.Message) ? complete.Reason : $"{complete.Reason}: {complete.Message}";
                yield return $"plan {plan.Metadata.Name,-12} Complete={complete.Status} ({why})";
            }
        }

        // Within one read, finished nodes come first: a node finishing is what lets the next one start.
        var changed = snapshot.Nodes
            .Select(node => (Name: node.Metadata.Name, State: Describe(node, snapshot)))
            .Where(n => Changed(_nodeStates, n.Name, n.State))
            .OrderBy(n => n.State.Contains(" done (", StringComparison.Ordinal) ? 0 : 1)
            .ToList();
        foreach (var (name, state) in changed)
        {
            yield return $"node {name,-12} {state}";
        }
    }

    /// <summary>Every node at the target, labeled by its plan, schedulable, nothing applying, every plan Complete.</summary>
    public bool IsFinished(ClusterSnapshot snapshot) =>
        snapshot.Nodes.Count > 0
        && snapshot.Nodes.All(n => AtTarget(n) && n.Spec?.Unschedulable != true && DoneBy(n, snapshot) is not null)
        && snapshot.Plans.All(p => p.Status?.Applying is not { Count: > 0 }
            && p.Status?.Conditions?.Any(c => c.Type == PlanConditions.Complete && c.Status == "True") == true);

    private string Describe(V1Node node, ClusterSnapshot snapshot)
    {
        var version = node.Status?.NodeInfo?.KubeletVersion ?? "?";
        var applying = snapshot.Plans.FirstOrDefault(p => p.Status?.Applying?.Contains(node.Metadata.Name) == true);
        var state = applying is not null
            ? $"upgrading ({applying.Metadata.Name})"
            : DoneBy(node, snapshot) is { } plan && AtTarget(node) ? $"done ({plan})" : "waiting";
        return $"{version,-16} {Status(node),-28} {state}";
    }

    private bool AtTarget(V1Node node) =>
        ReleaseVersion.TryParse(node.Status?.NodeInfo?.KubeletVersion, out var v) && v.CompareTo(_target) == 0;

    private static string? DoneBy(V1Node node, ClusterSnapshot snapshot) =>
        snapshot.Plans.FirstOrDefault(p =>
            p.Status?.LatestHash is { Length: > 0 } hash
            && node.Metadata.Labels?.TryGetValue(UpgradeLabels.ForPlan(p.Metadata.Name), out var value) == true
            && value == hash)?.Metadata.Name;

    private static bool Changed(Dictionary<string, string> seen, string key, string value)
    {
        if (seen.TryGetValue(key, out var old) && old == value)
        {
            return false;
        }

        seen[key] = value;
        return true;
    }

    public static string Status(V1Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "True" ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? ready + ",SchedulingDisabled" : ready;
    }

    public static string Roles(V1Node node)
    {
        var roles = (node.Metadata.Labels ?? new Dictionary<string, string>())
            .Where(l => l.Key.StartsWith(NodeLabels.RolePrefix, StringComparison.Ordinal))
            .Select(l => l.Key[NodeLabels.RolePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles.Count == 0 ? "<none>" : string.Join(',', roles);
    }

    /// <summary>Like <c>kubectl get nodes</c>, plus the plan label each node carries.</summary>
    public static string NodeTable(ClusterSnapshot snapshot) => Table(
        ["NAME", "STATUS", "ROLES", "VERSION", "UPGRADED BY"],
        snapshot.Nodes.Select(n => (IReadOnlyList<string>)
        [
            n.Metadata.Name,
            Status(n),
            Roles(n),
            n.Status?.NodeInfo?.KubeletVersion ?? "",
            string.Join(',', (n.Metadata.Labels ?? new Dictionary<string, string>())
                .Where(l => l.Key.StartsWith(UpgradeLabels.PlanPrefix, StringComparison.Ordinal))
                .Select(l => $"{l.Key[UpgradeLabels.PlanPrefix.Length..]}={Short(l.Value)}")),
        ]));

    /// <summary>Like <c>kubectl get plans</c>.</summary>
    public static string PlanTable(ClusterSnapshot snapshot) => Table(
        ["PLAN", "LATEST VERSION", "COMPLETE", "MESSAGE"],
        snapshot.Plans.Select(p =>
        {
            var complete = p.Status?.Conditions?.FirstOrDefault(c => c.Type == PlanConditions.Complete);
            return (IReadOnlyList<string>)[p.Metadata.Name, p.Status?.LatestVersion ?? "", complete?.Status ?? "", complete?.Message ?? ""];
        }));

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count).Select(i => all.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in all)
        {
            sb.AppendLine(string.Join("   ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return sb.ToString();
    }
}
