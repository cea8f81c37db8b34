using System.Globalization;
using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>The scheduler's predicates: node selectors and affinity terms, taints against tolerations.</summary>
public static class PodMatching
{
    public static bool IsTerminal(StoredObject pod) => pod.Object.GetString("status", "phase") is "Succeeded" or "Failed";

    public static bool NodeSelectorMatches(JsonObject pod, StoredObject node)
    {
        foreach (var (k, v) in Json.StringMap(pod.GetPath("spec", "nodeSelector")))
        {
            if (!node.Labels.TryGetValue(k, out var actual) || actual != v)
            {
                return false;
            }
        }

        var terms = pod.GetPath("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
        if (terms is not JsonArray { Count: > 0 } list)
        {
            return true;
        }

        return list.Objects().Any(term => TermMatches(term, node));
    }

    private static bool TermMatches(JsonObject term, StoredObject node)
    {
        var expressions = term["matchExpressions"].Objects().ToList();
        var fields = term["matchFields"].Objects().ToList();
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        return expressions.All(e => RequirementMatches(e, node.Labels.GetValueOrDefault(e.GetString("key") ?? "")))
            && fields.All(e => e.GetString("key") != "metadata.name" || RequirementMatches(e, node.Name));
    }

    private static bool RequirementMatches(JsonObject e, string? value)
    {
        var values = e["values"].Strings().ToList();
        return e.GetString("operator") switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => long.TryParse(value, CultureInfo.InvariantCulture, out var a) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var b) && a > b,
            "Lt" => long.TryParse(value, CultureInfo.InvariantCulture, out var c) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var d) && c < d,
            _ => false,
        };
    }

    /// <summary>
    /// Taints with effect NoSchedule/NoExecute must be tolerated; a cordoned node carries the
    /// <c>node.kubernetes.io/unschedulable:NoSchedule</c> taint as the node lifecycle controller adds it.
    /// </summary>
    public static bool Tolerates(JsonObject pod, StoredObject node)
    {
        var taints = node.Object.GetPath("spec", "taints").Objects()
            .Select(t => (Key: t.GetString("key") ?? "", Value: t.GetString("value") ?? "", Effect: t.GetString("effect") ?? ""))
            .ToList();
        if (node.Object.GetBool("spec", "unschedulable"))
        {
            taints.Add(("node.kubernetes.io/unschedulable", "", "NoSchedule"));
        }

        var tolerations = pod.GetPath("spec", "tolerations").Objects().ToList();
        foreach (var taint in taints)
        {
            if (taint.Effect is not ("NoSchedule" or "NoExecute"))
            {
                continue;
            }

            var tolerated = tolerations.Any(t =>
            {
                var key = t.GetString("key") ?? "";
                var op = t.GetString("operator") ?? "Equal";
                var effect = t.GetString("effect") ?? "";
                if (effect.Length > 0 && effect != taint.Effect)
                {
                    return false;
                }

                if (key.Length == 0)
                {
                    return op == "Exists";
                }

                return key == taint.Key && (op == "Exists" || (t.GetString("value") ?? "") == taint.Value);
            });
            if (!tolerated)
            {
                return false;
            }
        }

        return true;
    }
}
