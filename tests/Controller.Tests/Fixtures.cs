using Contracts.Plans;
using Controller.Planning;
using k8s.Models;

namespace Controller.Tests;

internal static class Fixtures
{
    public static readonly ControllerSettings Settings = new() { Name = "system-upgrade-controller", Namespace = "system-upgrade" };
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static Plan Plan(string name = "server-plan", Action<PlanSpec>? configure = null)
    {
        var plan = new Plan
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "system-upgrade", Uid = "uid-" + name },
            Spec = new PlanSpec
            {
                Concurrency = 1,
                NodeSelector = new V1LabelSelector(),
                ServiceAccountName = "system-upgrade",
                Upgrade = new ContainerSpec { Image = "rancher/k3s-upgrade" },
                Version = "v1.31.2+k3s1",
            },
        };
        configure?.Invoke(plan.Spec);
        return plan;
    }

    /// <param name="ready">The node's Ready condition: real nodes always carry one.</param>
    public static V1Node Node(string name, bool controlPlane = false, string version = "v1.31.1+k3s1", Dictionary<string, string>? labels = null, bool ready = true)
    {
        var all = new Dictionary<string, string> { [NodeLabels.Hostname] = name, [NodeLabels.Os] = "linux" };
        if (controlPlane)
        {
            all[NodeLabels.ControlPlane] = "true";
        }

        foreach (var (k, v) in labels ?? [])
        {
            all[k] = v;
        }

        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Uid = "uid-" + name, Labels = all },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus
            {
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = version },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False", Reason = ready ? "KubeletReady" : "KubeletNotReady" }],
            },
        };
    }

    /// <summary>What the node's kubelet reports after an upgrade that came back.</summary>
    public static V1Node Upgraded(V1Node node, string version = "v1.31.2+k3s1")
    {
        node.Status.NodeInfo.KubeletVersion = version;
        return node;
    }

    public static V1Job WithCondition(V1Job job, string type, DateTimeOffset at, string? reason = null, string? message = null)
    {
        job.Spec.Parallelism = 1;
        job.Status = new V1JobStatus
        {
            Conditions = [new V1JobCondition { Type = type, Status = "True", LastTransitionTime = at.UtcDateTime, Reason = reason, Message = message }],
        };
        return job;
    }
}
