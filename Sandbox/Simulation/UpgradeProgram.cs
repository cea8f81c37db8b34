using Contracts.Plans;
using Contracts.Versions;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// <c>rancher/k3s-upgrade:&lt;tag&gt;</c> (and rke2-upgrade) as the real image behaves: it refuses a
/// downgrade (<c>Error: Current &lt;v&gt; is higher than &lt;v&gt;</c>, exit 1); at the same version it
/// exits 0 at once; otherwise, after the upgrade duration, the node restarts (NotReady, then Ready)
/// running the tag's version, with <c>+</c> restored. A node's <see cref="NodeFault"/> changes what the
/// restarted kubelet reports: <c>stale-kubelet</c> comes back Ready at its old version;
/// <c>not-ready-after-upgrade</c> never posts status again (the Job still succeeds, as the image's work is
/// done), and <see cref="NodeFaultController"/> takes it from there.
/// </summary>
public sealed class UpgradeProgram(string? tag) : ContainerProgram
{
    private enum Stage { Upgrading, Restarting }

    public override ContainerExit? Poll(ContainerContext context, out DateTimeOffset? nextCheck)
    {
        nextCheck = null;
        var options = context.Options;
        if (!context.State.TryGetValue("stage", out var stageObject))
        {
            var decision = Decide(context);
            if (decision is not null)
            {
                context.State["exit"] = decision;
            }

            context.State["stage"] = Stage.Upgrading;
            stageObject = Stage.Upgrading;
        }

        if (context.State.TryGetValue("exit", out var decided))
        {
            var end = context.StartedAt + options.ContainerRunDuration;
            if (context.Now < end)
            {
                nextCheck = end;
                return null;
            }

            return (ContainerExit)decided;
        }

        var target = (string)context.State["target"];
        var restartAt = context.StartedAt + options.UpgradeDuration;
        var readyAt = restartAt + options.NodeRestartDuration;
        if (context.Now < restartAt)
        {
            nextCheck = restartAt;
            return null;
        }

        if ((Stage)stageObject == Stage.Upgrading)
        {
            context.Log($"Restarting k3s on {context.NodeName} as {target}");
            SetNode(context, ready: false, version: null);
            context.State["stage"] = Stage.Restarting;
        }

        if (context.Now < readyAt)
        {
            nextCheck = readyAt;
            return null;
        }

        switch (context.Node is { } node ? NodeFault.Of(node.Annotations)?.Kind : null)
        {
            case NodeFaultKind.StaleKubelet:
                SetNode(context, ready: true, version: null);
                break;
            case NodeFaultKind.NotReadyAfterUpgrade:
                context.Operations.Store.Mutate(BuiltInResources.Nodes, null, context.NodeName, n =>
                {
                    n.Metadata().Ensure("annotations")[NodeFault.UpgradedToAnnotation] = target;
                    NodeReadiness.MarkUnreachable(n, context.Now);
                    return true;
                });
                break;
            default:
                SetNode(context, ready: true, version: target);
                break;
        }

        context.Log($"{context.NodeName} is running {target}");
        return new ContainerExit(0);
    }

    private ContainerExit? Decide(ContainerContext context)
    {
        var node = context.Node;
        var current = node?.Object.GetString("status", "nodeInfo", "kubeletVersion") ?? "";
        var wanted = tag ?? context.Env(JobEnvironment.PlanLatestVersion);
        if (wanted is null)
        {
            context.Log("Error: no version to upgrade to (image has no tag)");
            return new ContainerExit(1);
        }

        var target = VersionMunging.Unmunge(wanted);
        context.State["target"] = target;
        if (context.Options.FailingNodes.Contains(context.NodeName))
        {
            context.Log($"Error: failed to upgrade {context.NodeName} to {target}");
            return new ContainerExit(1);
        }

        if (!ReleaseVersion.TryParse(target, out var targetVersion) || !ReleaseVersion.TryParse(current, out var currentVersion))
        {
            context.Log($"Error: cannot compare versions '{current}' and '{target}'");
            return new ContainerExit(1);
        }

        if (currentVersion > targetVersion)
        {
            context.Log($"Error: Current {current} is higher than {target}");
            return new ContainerExit(1);
        }

        if (currentVersion.CompareTo(targetVersion) == 0)
        {
            context.Log($"k3s binary on {context.NodeName} is already {target}");
            return new ContainerExit(0);
        }

        context.Log($"Upgrading {context.NodeName} from {current} to {target}");
        return null;
    }

    private static void SetNode(ContainerContext context, bool ready, string? version)
    {
        var now = Json.Timestamp(context.Now);
        context.Operations.Store.Mutate(BuiltInResources.Nodes, null, context.NodeName, n =>
        {
            var status = n.Ensure("status");
            var conditions = status.EnsureArray("conditions");
            var old = conditions.Objects().FirstOrDefault(c => c.GetString("type") == "Ready");
            if (old is not null)
            {
                conditions.Remove(old);
            }

            conditions.Add(ClusterState.ReadyCondition(ready, now));
            if (version is not null)
            {
                var info = status.Ensure("nodeInfo");
                info["kubeletVersion"] = version;
                info["kubeProxyVersion"] = version;
            }

            return true;
        });
    }
}
