using System.Text.Json.Nodes;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// Binds pending pods to a node that passes the node selector / required node affinity, whose
/// taints (a cordon included) the pod tolerates, and where no pod matched by the pod's required
/// anti-affinity runs in the same topology domain; otherwise the pod stays Pending, Unschedulable.
/// </summary>
public sealed class Scheduler(ResourceOperations ops, EventRecorder events)
{
    public void Schedule(List<StoredObject> pods)
    {
        var pending = pods.Where(p => p.Object.GetString("spec", "nodeName") is null && !PodMatching.IsTerminal(p)
            && p.Object.GetString("metadata", "deletionTimestamp") is null).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var nodes = ops.Store.List(BuiltInResources.Nodes);
        var assigned = pods.Where(p => p.Object.GetString("spec", "nodeName") is not null && !PodMatching.IsTerminal(p)).ToList();
        var load = assigned.GroupBy(p => p.Object.GetString("spec", "nodeName")!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var pod in pending)
        {
            try
            {
                SchedulePod(pod, nodes, assigned, load);
            }
            catch (Exception e) when (SimulationErrors.IsObjectProblem(e))
            {
                // a pod with a malformed selector stays Pending; the others are still scheduled
            }
        }
    }

    private void SchedulePod(StoredObject pod, List<StoredObject> nodes, List<StoredObject> assigned, Dictionary<string, int> load)
    {
        var requirements = new PodRequirements(pod);
        var pool = nodes;
        if (requirements.PinnedHostnames is { } pinned)
        {
            // a pod pinned to hostnames (every upgrade Job pod) need not look at 5,000 nodes
            var byName = pinned.Select(n => ops.Store.Get(BuiltInResources.Nodes, null, n)).OfType<StoredObject>().Where(requirements.MatchesNode).ToList();
            if (byName.Count > 0)
            {
                pool = byName;
            }
        }

        var candidates = pool.Where(requirements.MatchesNode).ToList();
        var afterAffinity = candidates.Count;
        candidates = candidates.Where(requirements.ToleratesNode).ToList();
        var afterTaints = candidates.Count;
        if (requirements.AntiAffinity.Count > 0)
        {
            var nodesByName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
            candidates = candidates.Where(n => !AntiAffinityViolated(pod, requirements, n, assigned, nodesByName)).ToList();
        }

        if (candidates.Count == 0)
        {
            var reasons = new List<string>();
            if (nodes.Count - afterAffinity > 0)
            {
                reasons.Add($"{nodes.Count - afterAffinity} node(s) didn't match Pod's node affinity/selector");
            }

            if (afterAffinity - afterTaints > 0)
            {
                reasons.Add($"{afterAffinity - afterTaints} node(s) were unschedulable");
            }

            if (afterTaints > 0)
            {
                reasons.Add($"{afterTaints} node(s) didn't match pod anti-affinity rules");
            }

            var message = $"0/{nodes.Count} nodes are available: {string.Join(", ", reasons)}.";
            ops.Store.Mutate(BuiltInResources.Pods, pod.Namespace, pod.Name, p => SetScheduled(p, false, message));
            return;
        }

        // the least loaded candidate, ties by name: one pass, no sort (5,000 nodes)
        var node = candidates[0];
        foreach (var c in candidates)
        {
            var (cl, nl) = (load.GetValueOrDefault(c.Name), load.GetValueOrDefault(node.Name));
            if (cl < nl || (cl == nl && string.CompareOrdinal(c.Name, node.Name) < 0))
            {
                node = c;
            }
        }

        var bound = ops.Store.Mutate(BuiltInResources.Pods, pod.Namespace, pod.Name, p =>
        {
            if (p.GetString("spec", "nodeName") is not null)
            {
                return false;
            }

            p.Ensure("spec")["nodeName"] = node.Name;
            SetScheduled(p, true, null);
            return true;
        });
        if (bound is not null && bound.Object.GetString("spec", "nodeName") == node.Name && bound.ResourceVersion != pod.ResourceVersion)
        {
            events.Record(bound, "Normal", "Scheduled", $"Successfully assigned {pod.Namespace}/{pod.Name} to {node.Name}", "default-scheduler");
            assigned.Add(bound);
            load[node.Name] = load.GetValueOrDefault(node.Name) + 1;
        }
    }

    private bool SetScheduled(JsonObject pod, bool scheduled, string? message)
    {
        var conditions = pod.Ensure("status").EnsureArray("conditions");
        var existing = conditions.Objects().FirstOrDefault(c => c.GetString("type") == "PodScheduled");
        var status = scheduled ? "True" : "False";
        if (existing is not null && existing.GetString("status") == status && existing.GetString("message") == message)
        {
            return false;
        }

        if (existing is not null)
        {
            conditions.Remove(existing);
        }

        var condition = new JsonObject { ["type"] = "PodScheduled", ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = Json.Timestamp(ops.Time.GetUtcNow()) };
        if (!scheduled)
        {
            condition["reason"] = "Unschedulable";
            condition["message"] = message;
        }

        conditions.Add(condition);
        return true;
    }

    private static bool AntiAffinityViolated(StoredObject pod, PodRequirements requirements, StoredObject node, List<StoredObject> assigned, Dictionary<string, StoredObject> nodesByName)
    {
        foreach (var term in requirements.AntiAffinity)
        {
            if (term.Selector is null || !node.Labels.TryGetValue(term.TopologyKey, out var domain))
            {
                continue;
            }

            foreach (var other in assigned)
            {
                if (other.Uid == pod.Uid || !term.Namespaces.Contains(other.Namespace) || !term.Selector.Matches(other.Labels))
                {
                    continue;
                }

                if (nodesByName.TryGetValue(other.Object.GetString("spec", "nodeName")!, out var otherNode) &&
                    otherNode.Labels.TryGetValue(term.TopologyKey, out var otherDomain) && otherDomain == domain)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
