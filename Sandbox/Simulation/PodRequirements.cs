using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.Plans;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// A pending pod's scheduling constraints, read from its JSON once and then checked against every
/// node: node selector, required node affinity, tolerations (a cordon is the
/// <c>node.kubernetes.io/unschedulable:NoSchedule</c> taint), required pod anti-affinity.
/// </summary>
public sealed class PodRequirements
{
    private readonly IReadOnlyDictionary<string, string> _nodeSelector;
    private readonly List<List<(string Key, string Op, List<string> Values, bool Field)>> _terms;
    private readonly List<(string Key, string Op, string Value, string Effect)> _tolerations;

    public PodRequirements(StoredObject pod)
    {
        var o = pod.Object;
        _nodeSelector = Json.StringMap(o.GetPath("spec", "nodeSelector"));
        _terms = o.GetPath("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms").Objects()
            .Select(t => t["matchExpressions"].Objects().Select(e => Requirement(e, field: false))
                .Concat(t["matchFields"].Objects().Select(e => Requirement(e, field: true)))
                .ToList())
            .ToList();
        _tolerations = o.GetPath("spec", "tolerations").Objects()
            .Select(t => (t.GetString("key") ?? "", t.GetString("operator") ?? "Equal", t.GetString("value") ?? "", t.GetString("effect") ?? ""))
            .ToList();
        AntiAffinity = o.GetPath("spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution").Objects()
            .Select(t => new AntiAffinityTerm(
                t.GetString("topologyKey") ?? NodeLabels.Hostname,
                LabelSelector.FromJson(t["labelSelector"], nullMatchesNothing: true),
                t["namespaces"].Strings().DefaultIfEmpty(pod.Namespace).ToHashSet(StringComparer.Ordinal)))
            .ToList();
    }

    public IReadOnlyList<AntiAffinityTerm> AntiAffinity { get; }

    /// <summary>Node names the pod is pinned to by hostname, if it is (lets the scheduler skip a scan of every node).</summary>
    public IReadOnlyList<string>? PinnedHostnames =>
        _nodeSelector.TryGetValue(NodeLabels.Hostname, out var host) ? [host]
        : _terms.Count == 1 && _terms[0].FirstOrDefault(r => !r.Field && r.Key == NodeLabels.Hostname && r.Op == "In") is { Values: { } values } ? values
        : null;

    private static (string, string, List<string>, bool) Requirement(JsonObject e, bool field) =>
        (e.GetString("key") ?? "", e.GetString("operator") ?? "", e["values"].Strings().ToList(), field);

    public bool MatchesNode(StoredObject node)
    {
        foreach (var (k, v) in _nodeSelector)
        {
            if (!node.Labels.TryGetValue(k, out var actual) || actual != v)
            {
                return false;
            }
        }

        if (_terms.Count == 0)
        {
            return true;
        }

        foreach (var term in _terms)
        {
            if (term.Count > 0 && term.All(r => Matches(r.Op, r.Values, r.Field ? (r.Key == "metadata.name" ? node.Name : null) : node.Labels.GetValueOrDefault(r.Key))))
            {
                return true;
            }
        }

        return false;
    }

    public bool ToleratesNode(StoredObject node)
    {
        if (node.Object.GetBool("spec", "unschedulable") && !Tolerated(NodeLabels.UnschedulableTaint, "", "NoSchedule"))
        {
            return false;
        }

        if (node.Object.GetPath("spec", "taints") is not JsonArray taints)
        {
            return true;
        }

        foreach (var t in taints.Objects())
        {
            var effect = t.GetString("effect") ?? "";
            if (effect is ("NoSchedule" or "NoExecute") && !Tolerated(t.GetString("key") ?? "", t.GetString("value") ?? "", effect))
            {
                return false;
            }
        }

        return true;
    }

    private bool Tolerated(string key, string value, string effect)
    {
        foreach (var t in _tolerations)
        {
            if (t.Effect.Length > 0 && t.Effect != effect)
            {
                continue;
            }

            if (t.Key.Length == 0 ? t.Op == "Exists" : t.Key == key && (t.Op == "Exists" || t.Value == value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string op, List<string> values, string? value) => op switch
    {
        "In" => value is not null && values.Contains(value),
        "NotIn" => value is null || !values.Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" => long.TryParse(value, CultureInfo.InvariantCulture, out var a) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var b) && a > b,
        "Lt" => long.TryParse(value, CultureInfo.InvariantCulture, out var c) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var d) && c < d,
        _ => false,
    };

    public sealed record AntiAffinityTerm(string TopologyKey, LabelSelector? Selector, HashSet<string> Namespaces);
}
