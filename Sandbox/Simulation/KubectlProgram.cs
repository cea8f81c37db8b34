using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// The kubectl image as system-upgrade-controller runs it: <c>cordon NODE</c>, <c>uncordon NODE</c>,
/// <c>drain NODE --pod-selector S ...</c> (cordon, then evict the node's pods that match).
/// </summary>
public sealed class KubectlProgram(IReadOnlyList<string> words) : ContainerProgram
{
    public override ContainerExit? Poll(ContainerContext context, out DateTimeOffset? nextCheck)
    {
        var args = words.SkipWhile(w => w.EndsWith("kubectl", StringComparison.Ordinal)).ToList();
        if (!context.State.ContainsKey("done"))
        {
            context.State["done"] = true;
            var exit = Act(context, args);
            if (exit is not null)
            {
                nextCheck = null;
                return exit;
            }
        }

        var end = context.StartedAt + context.Options.ContainerRunDuration;
        if (context.Now < end)
        {
            nextCheck = end;
            return null;
        }

        nextCheck = null;
        return new ContainerExit(0);
    }

    private static ContainerExit? Act(ContainerContext context, List<string> args)
    {
        if (args.Count < 2 || args[0] is not ("cordon" or "uncordon" or "drain"))
        {
            return null;
        }

        var nodeName = args[1];
        var ops = context.Operations;
        var node = ops.Store.Mutate(BuiltInResources.Nodes, null, nodeName, n =>
        {
            var unschedulable = args[0] != "uncordon";
            if (n.GetBool("spec", "unschedulable") == unschedulable)
            {
                return false;
            }

            if (unschedulable)
            {
                n.Ensure("spec")["unschedulable"] = true;
            }
            else
            {
                n.Ensure("spec").Remove("unschedulable");
            }

            return true;
        });
        if (node is null)
        {
            context.Log($"Error from server (NotFound): nodes \"{nodeName}\" not found");
            return new ContainerExit(1);
        }

        context.Log($"node/{nodeName} {(args[0] == "uncordon" ? "uncordoned" : "cordoned")}");
        if (args[0] != "drain")
        {
            return null;
        }

        var selectorIndex = args.IndexOf("--pod-selector");
        var selectorText = selectorIndex >= 0 && selectorIndex + 1 < args.Count ? args[selectorIndex + 1]
            : args.FirstOrDefault(a => a.StartsWith("--pod-selector=", StringComparison.Ordinal))?["--pod-selector=".Length..];
        var selector = LabelSelector.Parse(selectorText);
        var ignoreDaemonSets = args.Contains("--ignore-daemonsets") || args.Contains("--ignore-daemonsets=true");
        foreach (var pod in ops.Store.List(BuiltInResources.Pods))
        {
            if (pod.Object.GetString("spec", "nodeName") != nodeName || pod.Uid == context.Pod.Uid || PodMatching.IsTerminal(pod) || !selector.Matches(pod.Labels))
            {
                continue;
            }

            var ownedByDaemonSet = pod.Object.GetPath("metadata", "ownerReferences").Objects().Any(o => o.GetString("kind") == "DaemonSet");
            if (ownedByDaemonSet)
            {
                if (!ignoreDaemonSets)
                {
                    context.Log($"error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {pod.Namespace}/{pod.Name}");
                    return new ContainerExit(1);
                }

                continue;
            }

            try
            {
                ops.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, expectedUid: pod.Uid);
                context.Log($"pod/{pod.Name} evicted");
            }
            catch (ApiException)
            {
                // already gone
            }
        }

        context.Log($"node/{nodeName} drained");
        return null;
    }
}
