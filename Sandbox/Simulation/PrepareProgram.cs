using System.Text.Json.Nodes;
using Contracts.Plans;
using Contracts.Versions;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// <c>k3s-upgrade prepare &lt;plan&gt;</c>: waits until that plan (in the pod's namespace) exists, has
/// nothing in <c>status.applying</c>, and every control-plane node runs
/// <c>SYSTEM_UPGRADE_PLAN_LATEST_VERSION</c>; then exits 0. It is re-checked whenever anything changes.
/// </summary>
public sealed class PrepareProgram(string planName) : ContainerProgram
{
    public override ContainerExit? Poll(ContainerContext context, out DateTimeOffset? nextCheck)
    {
        nextCheck = null;
        var store = context.Operations.Store;
        var planType = context.Operations.Catalog.All.FirstOrDefault(t => t.IsCustom && t.Group == Plan.KubeGroup && t.Plural == Plan.KubePluralName);
        var plan = planType is null ? null : store.Get(planType, context.Pod.Namespace, planName);
        if (plan is null)
        {
            Once(context, "noplan", $"waiting for control-plane upgrade plan {planName} to be created");
            return null;
        }

        if (plan.Object.GetPath("status", "applying") is JsonArray { Count: > 0 })
        {
            Once(context, "applying", $"waiting for plan {planName} to complete");
            return null;
        }

        var latest = context.Env(JobEnvironment.PlanLatestVersion);
        if (latest is null || !ReleaseVersion.TryParse(VersionMunging.Unmunge(latest), out var target))
        {
            context.Log($"Error: {JobEnvironment.PlanLatestVersion} is not set");
            return new ContainerExit(1);
        }

        foreach (var node in store.List(BuiltInResources.Nodes))
        {
            if (!node.Labels.TryGetValue(NodeLabels.ControlPlane, out var cp) || cp != "true")
            {
                continue;
            }

            var version = node.Object.GetString("status", "nodeInfo", "kubeletVersion");
            if (!ReleaseVersion.TryParse(version, out var running) || running.CompareTo(target) != 0)
            {
                Once(context, "versions", "waiting for all control plane nodes to be upgraded");
                return null;
            }
        }

        context.Log($"control plane is at {target}");
        return new ContainerExit(0);
    }

    private static void Once(ContainerContext context, string key, string line)
    {
        if (context.State.TryAdd(key, true))
        {
            context.Log(line);
        }
    }
}
