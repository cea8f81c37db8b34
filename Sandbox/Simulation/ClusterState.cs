using System.Text.Json.Nodes;
using Contracts.Plans;
using Contracts.Versions;
using Sandbox.Api;
using Sandbox.Storage;

namespace Sandbox.Simulation;

/// <summary>The simulated k3s cluster's fixtures: its namespaces and nodes, and what its API server reports as its version.</summary>
public sealed class ClusterState(ResourceOperations ops, SandboxOptions options)
{
    public IReadOnlyList<string> ServerNames { get; } = Enumerable.Range(1, options.Servers).Select(i => $"server-{i}").ToList();
    public IReadOnlyList<string> AgentNames { get; } = Enumerable.Range(1, options.Agents).Select(i => $"agent-{i}").ToList();

    public void Bootstrap()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            ops.Create(BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        var index = 0;
        foreach (var name in ServerNames)
        {
            AddNode(name, controlPlane: true, ++index);
        }

        foreach (var name in AgentNames)
        {
            AddNode(name, controlPlane: false, ++index);
        }
    }

    public StoredObject AddNode(string name, bool controlPlane, int index)
    {
        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/instance-type"] = "k3s",
            [NodeLabels.Arch] = "amd64",
            [NodeLabels.Hostname] = name,
            [NodeLabels.Os] = "linux",
            ["node.kubernetes.io/instance-type"] = "k3s",
        };
        if (controlPlane)
        {
            labels[NodeLabels.ControlPlane] = "true";
            labels[NodeLabels.Master] = "true";
            labels[NodeLabels.Etcd] = "true";
        }

        var annotations = new JsonObject
        {
            ["k3s.io/node-args"] = controlPlane ? "[\"server\"]" : "[\"agent\"]",
            ["node.alpha.kubernetes.io/ttl"] = "0",
        };
        var fault = options.NodeFaults.TryGetValue(name, out var f) ? f : null;
        foreach (var (key, value) in fault?.Annotations() ?? [])
        {
            annotations[key] = value;
        }

        var ip = $"10.{index / 65536 % 256}.{index / 256 % 256}.{index % 256}";
        var now = Json.Timestamp(options.TimeProvider.GetUtcNow());
        var node = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = annotations,
            },
            ["spec"] = new JsonObject
            {
                ["podCIDR"] = $"10.42.{index % 256}.0/24",
                ["providerID"] = $"k3s://{name}",
            },
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = ip },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "8148324Ki", ["pods"] = "110", ["ephemeral-storage"] = "61202244Ki" },
                ["allocatable"] = new JsonObject { ["cpu"] = "4", ["memory"] = "8148324Ki", ["pods"] = "110", ["ephemeral-storage"] = "59537558330" },
                ["conditions"] = new JsonArray(ReadyCondition(true, now)),
                ["nodeInfo"] = NodeInfo(options.Version),
            },
        };
        if (fault?.Kind == NodeFaultKind.NotReady)
        {
            // down from the start, as the node lifecycle controller shows a kubelet that never posted
            NodeReadiness.MarkUnreachable(node, options.TimeProvider.GetUtcNow());
        }

        var created = ops.Create(BuiltInResources.Nodes, null, node);
        ops.Create(BuiltInResources.Leases, "kube-node-lease", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = name, ["uid"] = created.Uid }),
            },
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = name,
                ["leaseDurationSeconds"] = 40,
                ["renewTime"] = Json.Timestamp(options.TimeProvider.GetUtcNow()).Replace("Z", ".000000Z", StringComparison.Ordinal),
            },
        });
        return created;
    }

    public static JsonObject ReadyCondition(bool ready, string now) => new()
    {
        ["type"] = "Ready",
        ["status"] = ready ? "True" : "False",
        ["lastHeartbeatTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = ready ? "KubeletReady" : "KubeletNotReady",
        ["message"] = ready ? "kubelet is posting ready status" : "container runtime is restarting",
    };

    public static JsonObject NodeInfo(string version) => new()
    {
        ["architecture"] = "amd64",
        ["bootID"] = "00000000-0000-0000-0000-000000000000",
        ["containerRuntimeVersion"] = "containerd://1.7.23-k3s2",
        ["kernelVersion"] = "6.1.0-28-amd64",
        ["kubeProxyVersion"] = version,
        ["kubeletVersion"] = version,
        ["machineID"] = "",
        ["operatingSystem"] = "linux",
        ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
        ["systemUUID"] = "",
    };

    /// <summary>The oldest control-plane kubelet version (the API server restarts with its node), else the start version.</summary>
    public string ApiServerVersion()
    {
        ReleaseVersion? oldest = null;
        foreach (var node in ops.Store.List(BuiltInResources.Nodes))
        {
            if (!node.Labels.ContainsKey(NodeLabels.ControlPlane))
            {
                continue;
            }

            if (ReleaseVersion.TryParse(node.Object.GetString("status", "nodeInfo", "kubeletVersion"), out var v) && (oldest is null || v < oldest))
            {
                oldest = v;
            }
        }

        return oldest?.Original ?? options.Version;
    }
}
