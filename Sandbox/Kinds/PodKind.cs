using System.Text.Json.Nodes;
using Sandbox.Api.Tables;
using Sandbox.Storage;

namespace Sandbox.Kinds;

/// <summary>Pods: kube-apiserver's spec defaults, Pending until the kubelet reports; evicted and logged through subresources.</summary>
internal static class PodKind
{
    public static readonly ResourceType Type = new("", "v1", "pods", "Pod", true) { ShortNames = ["po"], Categories = ["all"], HasStatus = true };

    public static KindDescriptor Descriptor { get; } = new(Type)
    {
        OnCreate = Defaults,
        Printer = new PodPrinter(),
        CollectedWithOwner = true,
        FieldLabels = ["spec.nodeName", "status.phase", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName"],
        Subresources = [("eviction", ["create"], "Eviction", "policy", "v1"), ("log", ["get"], null, null, null)],
    };

    private static void Defaults(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["serviceAccountName"] ??= "default";
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
    }
}
