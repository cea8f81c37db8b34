using System.Text.Json.Nodes;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>
/// How a node's status reads when its kubelet stops posting and when it posts again, as Kubernetes' node
/// lifecycle controller writes it: the Ready condition goes <c>Unknown</c> (reason <c>NodeStatusUnknown</c>,
/// <c>Kubelet stopped posting node status.</c>, heartbeat left at the last one the kubelet sent) and the node
/// gets the <c>node.kubernetes.io/unreachable</c> taints (NoSchedule and NoExecute); a kubelet that comes
/// back reports Ready and the taints go. kubectl prints both Unknown and False as NotReady.
/// </summary>
public static class NodeReadiness
{
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const string UnknownReason = "NodeStatusUnknown";

    public static bool IsUnreachable(JsonObject node) =>
        ReadyCondition(node) is { } ready && ready.GetString("status") == "Unknown" && ready.GetString("reason") == UnknownReason;

    public static JsonObject? ReadyCondition(JsonObject node) =>
        node.GetPath("status", "conditions").Objects().FirstOrDefault(c => c.GetString("type") == "Ready");

    /// <summary>The kubelet stopped posting: false when the node already reads so.</summary>
    public static bool MarkUnreachable(JsonObject node, DateTimeOffset now)
    {
        if (IsUnreachable(node))
        {
            return false;
        }

        var stamp = Json.Timestamp(now);
        var conditions = node.Ensure("status").EnsureArray("conditions");
        var old = ReadyCondition(node);
        var heartbeat = old?.GetString("lastHeartbeatTime") ?? stamp;
        if (old is not null)
        {
            conditions.Remove(old);
        }

        conditions.Add(new JsonObject
        {
            ["type"] = "Ready",
            ["status"] = "Unknown",
            ["lastHeartbeatTime"] = heartbeat,
            ["lastTransitionTime"] = stamp,
            ["reason"] = UnknownReason,
            ["message"] = "Kubelet stopped posting node status.",
        });
        var taints = node.Ensure("spec").EnsureArray("taints");
        foreach (var effect in new[] { "NoSchedule", "NoExecute" })
        {
            if (!taints.Objects().Any(t => t.GetString("key") == UnreachableTaint && t.GetString("effect") == effect))
            {
                var taint = new JsonObject { ["key"] = UnreachableTaint, ["effect"] = effect };
                if (effect == "NoExecute")
                {
                    taint["timeAdded"] = stamp;
                }

                taints.Add(taint);
            }
        }

        return true;
    }

    /// <summary>The kubelet posts Ready again, reporting <paramref name="version"/> (null: the version it reported before).</summary>
    public static void MarkReady(JsonObject node, string? version, DateTimeOffset now)
    {
        var stamp = Json.Timestamp(now);
        var status = node.Ensure("status");
        var conditions = status.EnsureArray("conditions");
        if (ReadyCondition(node) is { } old)
        {
            conditions.Remove(old);
        }

        conditions.Add(ClusterState.ReadyCondition(true, stamp));
        if (node.GetPath("spec", "taints") is JsonArray taints)
        {
            foreach (var taint in taints.Objects().Where(t => t.GetString("key") == UnreachableTaint).ToList())
            {
                taints.Remove(taint);
            }

            if (taints.Count == 0)
            {
                ((JsonObject)node["spec"]!).Remove("taints");
            }
        }

        if (version is not null)
        {
            var info = status.Ensure("nodeInfo");
            info["kubeletVersion"] = version;
            info["kubeProxyVersion"] = version;
        }
    }
}
